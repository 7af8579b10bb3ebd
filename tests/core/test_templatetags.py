from apps.core.templatetags.masar import options_html, select_options, with_selected


def test_select_options_escapes_and_marks_the_selected_value():
    html = select_options([(1, "Ahmad <b>"), (2, 'Huda "H"')], selected=2, empty_label="Anyone")
    assert html == (
        '<option value="">Anyone</option>'
        '<option value="1">Ahmad &lt;b&gt;</option>'
        '<option value="2" selected>Huda &quot;H&quot;</option>'
    )


def test_select_options_without_an_empty_choice_or_selection():
    assert select_options([("a", "A")]) == '<option value="a">A</option>'


def test_one_rendering_serves_two_selects():
    options = options_html([(1, "One"), (12, "Twelve")], empty_label="—")
    assert with_selected(options, "12").count(" selected") == 1
    assert '<option value="12" selected>' in with_selected(options, 12)
    assert with_selected(options, None) == options
    assert with_selected(options, '"><script>') == options  # nothing matches, nothing injected

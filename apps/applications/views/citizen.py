"""The applicant's pages: apply for a service (and save a draft), apply for several services of
a life event at once, follow an application, answer the office's question, withdraw, and
"My requests" (applications, complaints, notifications)."""

import uuid
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.catalogue.models import LifeEvent, Service
from apps.complaints.models import Complaint
from apps.core.exceptions import TransitionNotAllowed
from apps.core.files import download_response
from apps.core.pagination import keyset_page
from apps.core.text import left_to_right
from apps.notifications.selectors import messages_visible_to
from apps.registry.selectors import current_membership, household_members

from .. import selectors, services
from ..events import update_text
from ..forms import AnswerForm, ApplicationForm, BundleForm, WithdrawForm
from ..models import Application, ApplicationDocument

Status = Application.Status
PAGE_SIZE = 20
# Lazy: a module constant is read in each request's language, not the one active at import.
CHANGED = gettext_lazy(
    "The application changed meanwhile; nothing was saved. Check it and try again."
)


# --- helpers -------------------------------------------------------------------------------------


def _own(request, reference: str) -> Application:
    """The signed-in applicant's application, else 404 (another's is as if it did not exist)."""
    return get_object_or_404(
        selectors.applications_of(request.user).select_related(
            "service__agency", "office", "governorate", "person"
        ),
        reference=reference,
    )


def _online(service: Service | None) -> bool:
    return (
        service is not None
        and service.status == Service.Status.PUBLISHED
        and service.applicable_online
    )


def _registry_facts(person) -> dict:
    """What the national registry knows of a matched applicant, for the form to pre-fill."""
    if person is None:
        return {}
    facts = {"person": person, "governorate": person.governorate_id}
    membership = current_membership(person)
    if membership is not None:
        facts["household_size"] = household_members(membership.household).count()
    return facts


def _prefill(user, draft: Application | None = None) -> tuple[dict, dict]:
    """The form's initial values and the registry's facts: from the draft, else from the
    applicant's last application (asked once), and from the registry when the applicant's
    numbers matched it."""
    source = draft or selectors.applications_of(user).order_by("-updated_at", "-id").first()
    if source is None:
        return {}, {}
    facts = _registry_facts(source.person)
    initial = {
        "id_number": source.id_number,
        "mobile": source.mobile,
        "governorate": source.governorate_id or facts.get("governorate"),
        "household_size": facts.get("household_size") or source.form_data.get("household_size"),
    }
    if draft is not None:
        initial["details"] = draft.form_data.get("details", "")
        initial["household_size"] = (
            draft.form_data.get("household_size") or initial["household_size"]
        )
    return initial, facts


def _fresh_once(form) -> None:
    """Nothing was saved: the corrected form may be sent again."""
    form.data = form.data.copy()
    form.data["once"] = uuid.uuid4().hex


@contextmanager
def _files_removed_on_failure():
    """Files written to storage inside a transaction that then fails are deleted again."""
    written: list[ApplicationDocument] = []
    try:
        yield written
    except Exception:
        for document in written:
            document.file.storage.delete(document.file.name)
        raise


def _add_documents(application, uploads, user, written) -> None:
    for document, upload in uploads:
        upload.seek(0)
        written.append(
            services.application_document_add(
                application=application, upload=upload, required_document=document, actor=user
            )
        )


def _refused(form, error) -> None:
    if isinstance(error, TransitionNotAllowed):
        form.add_error(None, CHANGED)
    else:
        form.add_error(None, error)
    _fresh_once(form)


def _saved(request, application: Application, *, submitted: bool):
    """Back to the application, saying what became of it."""
    if submitted:
        done = _(
            "Your application was sent. Its reference number is %(reference)s; we sent it to "
            "your mobile and email too."
        ) % {"reference": left_to_right(application.reference)}
    else:
        done = _("Your draft is saved. You can come back to it.")
    messages.success(request, done)
    return redirect("applications:mine", reference=application.reference)


# --- applying ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    service = Service.objects.select_related("agency").filter(slug=slug).first()
    if not _online(service):
        messages.error(request, _("This service cannot be applied for online."))
        if service is not None and service.status == Service.Status.PUBLISHED:
            return redirect("catalogue:detail", slug=service.slug)
        return redirect("catalogue:list")
    draft = selectors.applications_of(request.user).filter(service=service, status=Status.DRAFT)
    draft = draft.order_by("-updated_at").first()
    if draft is not None:
        messages.info(request, _("You have a draft application for this service; continue it."))
        return redirect("applications:mine", reference=draft.reference)
    initial, facts = _prefill(request.user)
    form = ApplicationForm(
        request.POST or None, request.FILES or None, service=service, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        if not form.claim(request.user):
            messages.info(request, form.repeat_message)
            return redirect("applications:my_requests")
        submit = "submit" in request.POST
        try:
            with _files_removed_on_failure() as written, transaction.atomic():
                application = services.application_create(
                    service=service,
                    form_data=form.form_data(),
                    actor=request.user,
                    **form.identity(),
                )
                _add_documents(application, form.uploads(), request.user, written)
                if submit:
                    services.application_submit(application=application, actor=request.user)
        except (ValidationError, TransitionNotAllowed) as error:
            _refused(form, error)
        else:
            return _saved(request, application, submitted=submit)
    context = {"form": form, "service": service, "registry": facts}
    return render(request, "applications/citizen/apply.html", context)


def _edit_draft(request, application: Application):
    given = {
        document.required_document_id: document
        for document in application.documents.filter(required_document__isnull=False)
    }
    initial, facts = _prefill(request.user, draft=application)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        service=application.service,
        given=given,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        if not form.claim(request.user):
            messages.info(request, form.repeat_message)
            return redirect("applications:mine", reference=application.reference)
        submit = "submit" in request.POST
        try:
            with _files_removed_on_failure() as written, transaction.atomic():
                services.application_save(
                    application=application,
                    form_data=form.form_data(),
                    actor=request.user,
                    **form.identity(),
                )
                _add_documents(application, form.uploads(), request.user, written)
                if submit:
                    application.refresh_from_db()
                    services.application_submit(application=application, actor=request.user)
        except (ValidationError, TransitionNotAllowed) as error:
            _refused(form, error)
        else:
            return _saved(request, application, submitted=submit)
    context = {
        "form": form,
        "service": application.service,
        "application": application,
        "registry": facts,
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "applications/citizen/apply.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mine(request, reference):
    """The applicant's application: the draft's form, or its status, history and what to do."""
    application = _own(request, reference)
    if application.status == Status.DRAFT:
        return _edit_draft(request, application)
    if request.method == "POST":
        # A draft's form sent again after it was submitted (another tab, the back button).
        messages.error(request, _("This application was already sent; nothing was changed."))
        return redirect("applications:mine", reference=application.reference)
    question = selectors.open_question(application)
    context = {
        "application": application,
        "timeline": [
            (update, update_text(update)) for update in selectors.public_history(application)
        ],
        "documents": list(application.documents.select_related("required_document")),
        "clock": selectors.decision_clock(application),
        "question": question,
        "answer_form": AnswerForm() if question else None,
        "withdraw_form": WithdrawForm() if application.is_open else None,
    }
    return render(request, "applications/citizen/detail.html", context)


@login_required
@require_POST
def mine_action(request, reference, action):
    application = _own(request, reference)
    if action == "answer":
        form = AnswerForm(request.POST, request.FILES)
    elif action == "withdraw":
        form = WithdrawForm(request.POST)
    else:
        raise Http404
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        if not form.claim(request.user):
            raise ValidationError(form.repeat_message)
        data = form.cleaned_data
        if action == "answer":
            with _files_removed_on_failure() as written, transaction.atomic():
                if data["file"]:
                    written.append(
                        services.application_document_add(
                            application=application,
                            upload=data["file"],
                            title=data["title"],
                            actor=request.user,
                        )
                    )
                services.application_answer_info(
                    application=application, answer=data["answer"], actor=request.user
                )
            done = _("Thank you; your answer was sent to the office.")
        else:
            services.application_withdraw(
                application=application, reason=data["reason"], actor=request.user
            )
            done = _("Your application is withdrawn.")
    except TransitionNotAllowed:
        messages.error(request, CHANGED)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
        if action == "withdraw" and application.status == Status.DRAFT:
            return redirect("applications:my_requests")
    return redirect("applications:mine", reference=application.reference)


@login_required
@require_GET
def mine_document(request, reference, document_id):
    application = _own(request, reference)
    document = get_object_or_404(application.documents, pk=document_id)
    return download_response(document)


# --- my requests ---------------------------------------------------------------------------------


@login_required
@require_GET
def my_requests(request):
    page = keyset_page(
        selectors.applications_of(request.user).select_related("service"),
        order=("-updated_at", "-id"),
        types=("datetime", "int"),
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    complaints = list(
        Complaint.objects.filter(user=request.user)
        .select_related("agency", "category")
        .order_by("-created_at", "-id")[:PAGE_SIZE]
    )
    notices = list(messages_visible_to(request.user).order_by("-created_at", "-id")[:5])
    context = {"page": page, "complaints": complaints, "notices": notices}
    return render(request, "applications/citizen/my_requests.html", context)


# --- life-event bundles --------------------------------------------------------------------------


def _bundle_services(life_event: LifeEvent) -> list[Service]:
    return list(
        Service.objects.filter(
            life_event_links__life_event=life_event,
            status=Service.Status.PUBLISHED,
            applicable_online=True,
        )
        .select_related("agency")
        .prefetch_related("documents")
        .order_by("life_event_links__position", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def bundle(request, code):
    """Several services of a life event in one go: the applicant once, each document once."""
    life_event = get_object_or_404(LifeEvent, code=code)
    online = _bundle_services(life_event)
    if not online:
        messages.error(request, _("None of this life event's services can be applied for online."))
        return redirect("catalogue:life_event", code=life_event.code)
    initial, facts = _prefill(request.user)
    initial["services"] = [service.pk for service in online]
    form = BundleForm(request.POST or None, request.FILES or None, services=online, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not form.claim(request.user):
            messages.info(request, form.repeat_message)
            return redirect("applications:my_requests")
        try:
            with _files_removed_on_failure() as written, transaction.atomic():
                sent = []
                for service in form.chosen():
                    application = services.application_create(
                        service=service,
                        form_data=form.form_data(),
                        actor=request.user,
                        **form.identity(),
                    )
                    uploads = [
                        (document, form.upload_for(document))
                        for document in service.documents.all()
                        if form.upload_for(document)
                    ]
                    _add_documents(application, uploads, request.user, written)
                    try:
                        services.application_submit(application=application, actor=request.user)
                    except ValidationError as error:  # say which of the services it is
                        raise ValidationError(
                            [f"{service.name}: {message}" for message in error.messages]
                        ) from None
                    sent.append(application)
        except (ValidationError, TransitionNotAllowed) as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("Your applications were sent: %(references)s.")
                % {"references": ", ".join(left_to_right(a.reference) for a in sent)},
            )
            return redirect("applications:my_requests")
    context = {"form": form, "life_event": life_event, "registry": facts}
    return render(request, "applications/citizen/bundle.html", context)

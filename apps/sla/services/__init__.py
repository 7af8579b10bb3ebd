"""Every write of the SLA backbone: clocks (the workflow apps' API), the sweep, and agency
calendar changes."""

from .calendars import holiday_add, holiday_cancel, holiday_move, working_hours_set
from .clocks import (
    ClockStart,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
    clocks_recalculate,
    clocks_start,
    escalation_time,
)
from .sweep import sla_sweep

__all__ = [
    "ClockStart",
    "clock_pause",
    "clock_resume",
    "clock_start",
    "clock_stop",
    "clocks_recalculate",
    "clocks_start",
    "escalation_time",
    "holiday_add",
    "holiday_cancel",
    "holiday_move",
    "sla_sweep",
    "working_hours_set",
]

"""Allowed values of the store's status and kind columns, with their Russian labels."""

from enum import StrEnum


class MessageStatus(StrEnum):
    RECEIVED = "received"          # stored, not yet classified
    REGISTERED = "registered"      # a submission was registered from it
    REPLY = "reply"                # a reply/correspondence attached to existing records
    QUARANTINED = "quarantined"    # held for staff: unknown sender, failed auth, over limits, unreadable
    IGNORED = "ignored"            # automatic mail (auto-reply, list, DSN) — never answered
    DUPLICATE = "duplicate"        # the same letter again
    RELEASED = "released"          # staff released it from quarantine
    REJECTED = "rejected"          # staff rejected it with a reason


class SubmissionKind(StrEnum):
    APPLICATION = "application"
    INTERIM_REPORT = "interim_report"
    FINAL_REPORT = "final_report"
    CORRECTED_PROGRAMME = "corrected_programme"
    REPLY = "reply"
    OTHER = "other"


class SubmissionStatus(StrEnum):
    RECEIVED = "received"
    REGISTERED = "registered"
    INCOMPLETE = "incomplete"
    RESUBMITTED = "resubmitted"
    COMPLETE = "complete"
    NEEDS_REVIEW = "needs_review"  # a PDF or a scan: a person checks it
    ON_AGENDA = "on_agenda"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"
    ORDER_ISSUED = "order_issued"
    DELIVERED = "delivered"
    SUPERSEDED = "superseded"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    AGENDA_CONFIRMED = "agenda_confirmed"
    HELD = "held"
    PROTOCOL_ISSUED = "protocol_issued"


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    NOTE = "note"                  # принять к сведению


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    RETURNED = "returned"
    FINAL = "final"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    BOUNCED = "bounced"


class SiteStatus(StrEnum):
    APPLICANT = "applicant"
    ACTIVE = "active"
    COMPLETED = "completed"
    EXTENDED = "extended"
    REVOKED = "revoked"


LABELS_RU: dict[str, str] = {
    "application": "Заявка на присвоение статуса МИП",
    "interim_report": "Промежуточный отчёт",
    "final_report": "Итоговый отчёт",
    "corrected_programme": "Скорректированная программа",
    "reply": "Ответ на письмо комитета",
    "other": "Иное обращение",
    "received": "получено",
    "registered": "зарегистрировано",
    "incomplete": "неполный комплект",
    "resubmitted": "направлено повторно",
    "complete": "комплект полный",
    "needs_review": "требует проверки специалистом",
    "on_agenda": "включено в повестку",
    "approved": "одобрено",
    "rejected": "отклонено",
    "returned": "возвращено на доработку",
    "order_issued": "издан приказ",
    "delivered": "направлено в ОО",
    "superseded": "заменено новой версией",
    "quarantined": "на карантине",
    "ignored": "автоматическое письмо",
    "duplicate": "повторное письмо",
    "released": "выпущено из карантина",
}

"""The practice app's models live with the feature that owns them; Django finds them here."""

from connecting_people.practice.reminders.models import ReminderPreference, SentReminder

__all__ = ["ReminderPreference", "SentReminder"]

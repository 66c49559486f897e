"""Screens for outcome measures: a person's questionnaires, taking one (all on one page or one
question per screen), the scores, and the team's schedule."""

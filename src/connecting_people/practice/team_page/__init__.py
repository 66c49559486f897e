"""The team's page ("what we have been doing") and the organisation's teams side by side.

- `buzz`: what the team did this month and this quarter: new connections, activities tried and
  kept up, services added and re-checked (and by whom), skills shared;
- `due`: what is coming up or late: reviews, questionnaires, people without contact;
- `organisation`: each team's counts in one table, with the small-number rule for teams the
  reader is not in;
- `elsewhere`: the parts of the page other screens provide (practice indicators, needs doing),
  shown when they are there;
- `periods`: this month, this quarter, the last whole quarter.
"""

"""Practice reflection: a short self-check a team takes together once a quarter, in our own words,
across the model's four areas (the agency's links with its community, the worker's attitude and
community knowledge, the practice with the person, the person's part).

- `models`: the areas, the questions (data: the app's own from `questions.json`, or an
  organisation's own, changed in the admin) and the team's answers per quarter;
- `selectors`: scores per area (the answers added up, out of the most they could be, as a score
  out of 100), the chart over time, and the practice indicators set beside them;
- `services`: saving a reflection, refused (never overwritten) when someone else saved first;
- `views`: the overview, taking this quarter's, and one quarter's answers.

The reflection is not the research team's fidelity scale and never says it is (FACTS.md). Its
answers belong to the team, not to a person: only the team's own members see them.
"""

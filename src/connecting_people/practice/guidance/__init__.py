"""The model and its guidance where the work happens (issue 13, §5).

- `parts`: the parts of the model diagram, each with short guidance in our own words, a question
  to think about (from the training's twelve practice questions, reworded) and the screens that
  support it;
- `prompts`: the practice prompts shown beside the screens they belong to (ideas to try, moving
  on, barriers), which a worker can hide once they know them and bring back from their account;
- `views`: the About page, whose diagram parts are plain links (keyboard-reachable, no
  JavaScript), each part's guidance page, and hiding or showing the prompts.

The About page lives here, not in core, because its diagram links to the practice screens and
core imports no app (tests/test_layers.py). Every sentence is ours (FACTS.md).
"""

"""How much each signal counts towards a suggestion's score: one readable table.

Positive numbers push a suggestion up, negative ones down. Each signal in
`suggestions.ranking.signals` reads its numbers from here, so tuning the ranking means
changing this file only (and running `make eval-suggestions` to see the effect).
"""

from __future__ import annotations

WEIGHTS: dict[str, float] = {
    # Interests, by when the person enjoyed them: trying something new counts most.
    "interest_would_like_to_try": 3.0,
    "interest_used_to": 2.5,
    "interest_do_now": 2.0,
    # Each further interest it matches adds this much more.
    "interest_extra": 0.5,
    # Words they used (interests, what matters to them) found in its name, description or
    # topics: this much for each, times how specific the word is among the candidates.
    "text_per_word": 1.0,
    "text_most": 2.0,
    # Somewhere to share a skill: volunteering, or somewhere that mentions what they can do.
    "skills_share": 0.8,
    "skills_would_teach": 1.5,
    # Volunteering, or somewhere asking for volunteers, that does not name what they can do.
    "skills_any": 0.4,
    # Cost.
    "cost_free": 0.8,
    "cost_free_money_barrier": 1.5,
    "cost_low": 0.3,
    "cost_dear": -0.5,  # lowest cost above weights.LOW_COST_POUNDS
    # Distance: DISTANCE_BEST at the door, falling away over DISTANCE_SCALE_KM.
    "distance_best": 1.5,
    "online_when_no_point": 0.3,
    # Days and times: on a day or time they are free, or only on others (when these are not a
    # must: someone free only in the evenings has little use for a morning class).
    "days_fit": 0.8,
    "days_miss": -3.0,
    "times_fit": 0.5,
    "times_miss": -3.0,
    # Step-free or other access information, when they need it.
    "accessible": 0.5,
    # Small, quiet or peer-led, when groups or confidence are a worry.
    "small_group": 1.0,
    # Someone the team knows could go along the first time.
    "go_along": 0.5,
    "go_along_wanted": 1.0,
    # Already in their life (a connection on their map by that name), or tried: push down,
    # not out.
    "already": -3.0,
    # What people from the team said about it.
    "fared_went_well": 0.3,
    "fared_kept_going": 0.5,
    "fared_not_for_them": -0.3,
    "fared_most": 2.0,
    # The team's knowledge: checked recently, overdue, or not used by the team at all.
    "fresh_overdue": -0.6,
    "fresh_never_checked": -0.3,
    "fresh_not_used_by_team": -0.2,
    # Gaps in their network. With interests recorded, only this share of them counts
    # (GAP_SHARE_WITH_INTERESTS): a tie-breaker between ideas that suit them equally, never
    # ahead of their interests; with none recorded, gaps may lead.
    "gap_outside_services": 0.8,
    "gap_company": 0.8,
    "gap_emotional_support": 0.5,
    # With no interests recorded: what others liked.
    "popular": 0.4,
    # "This week" asked for: a dated session (an event) in the next seven days.
    "this_week_session": 0.4,
    # Variety: a suggestion that meets only interests already met above it (with none
    # recorded: only kinds of activity already above it), this much for each time, counted up
    # to VARIETY_MOST times.
    "variety": -0.6,
    # Popularity damper: a candidate listed under many kinds of activity matches everyone a
    # little (a health walk filed under walking, health, social groups and outdoors); this
    # share of its interest match is taken off for each part of it beyond BROAD_FROM kinds
    # (1.0: a match to one of ten kinds counts as 2/10 of one to a service of that kind alone).
    "broad": -1.0,
}
VARIETY_MOST = 2
# A match by kind of activity alone, when they said in their own words what they meant by
# that interest, other candidates say it, and nothing of it is in this one's text or the names
# it is listed under: this share of it ("LGBTQ+ friends" meets a recovery course only by kind).
KIND_ONLY_SHARE = 0.6
# Kinds of activity in the top of the list: no more than VARIETY_KIND_MOST ideas of one kind
# among the first VARIETY_TOP, unless it is the kind they asked for (`diversity.cap_kinds`).
VARIETY_TOP = 5
VARIETY_KIND_MOST = 2
# Gaps in the network count this share of their weights for someone with interests recorded.
GAP_SHARE_WITH_INTERESTS = 0.2

# Popularity damper (`ranking.popularity`): a candidate listed under more than BROAD_FROM
# kinds of activity keeps only BROAD_FROM / (its kinds) of its match to their interests,
# unless it is the only candidate meeting one of them.
BROAD_FROM = 2
# What being free, near and at a good time adds counts this share for something that meets
# none of their interests (for someone with interests recorded): handy is not a fit.
UNFIT_HANDY_SHARE = 0.4

# What the team knows (how others fared, someone to go along, what others liked, how fresh
# the entry is) counts fully only for a suggestion that fits one of their interests, their
# words, their skills, or a gap in their network (company, emotional support); for others,
# this share of it.
TEAM_KNOWLEDGE_UNFIT = 0.4

# Specificity of a kind of activity: a match to a category given to at most SPECIFIC_SHARE of
# the directory's services counts fully; a broader one less, by its inverse document
# frequency, down to SPECIFICITY_FLOOR for a category that every service is given to.
# Among fewer than SPECIFICITY_FROM (services, or candidates for words), every match counts
# fully: too few to tell broad from narrow.
SPECIFIC_SHARE = 0.1
SPECIFICITY_FLOOR = 0.4
SPECIFICITY_FROM = 20

LOW_COST_POUNDS = 5.0
DISTANCE_SCALE_KM = 3.0
# With transport or distance as a barrier and no limit given, go no further than this.
TRANSPORT_BARRIER_KM = 5.0
# How many candidates each way of finding them may bring, before scoring.
CANDIDATES_PER_SOURCE = 100
# How many services that can be joined online from anywhere to consider for someone who would,
# beyond those near them or in their area.
ONLINE_CANDIDATES = 20
# How many reasons to give for each suggestion.
MAX_REASONS = 4

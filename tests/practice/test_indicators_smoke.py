from connecting_people.practice.indicators import INDICATORS, team_summary
from tests.factories import PersonFactory


def test_team_summary_gives_every_indicator_with_its_link(cast):
    PersonFactory(team=cast.team)
    results = team_summary(cast.team)
    assert [r.key for r in results] == [i.key for i in INDICATORS]
    has_map = results[0]
    assert (has_map.met, has_map.of, has_map.percent) == (0, 1, 0)
    assert has_map.url == "/team/indicators/has-map/"

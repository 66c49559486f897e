# ruff: noqa: E501 (maps read best with one connection a line)
"""The network maps of the demo's hand-written people, told as they changed. All fictional.

Each map lists the person's connections and the snapshots taken of it. Days count from today, as
in the people's stories; `via` is the day of a contact in their log that brought the connection
(so it began through an activity), and `later` is how it moved on after that. Labels are what the
person chose: first names, initials or nicknames, never full names.
"""

from __future__ import annotations

from dataclasses import dataclass

from connecting_people.network.models import SnapshotKind
from connecting_people.network.vocab import Began, Feels, Frequency, Gives, Kind, Ring

CLOSE, MIDDLE, OUTER = Ring.CLOSE, Ring.MIDDLE, Ring.OUTER
FAMILY, PARTNER, FRIEND, NEIGHBOUR = Kind.FAMILY, Kind.PARTNER, Kind.FRIEND, Kind.NEIGHBOUR
COLLEAGUE, PEER, WORKER, GROUP = Kind.COLLEAGUE, Kind.PEER, Kind.WORKER, Kind.GROUP
FAITH, ONLINE, PET, OTHER = Kind.FAITH, Kind.ONLINE, Kind.PET, Kind.OTHER
SUPPORTIVE, MIXED, DIFFICULT = Feels.SUPPORTIVE, Feels.MIXED, Feels.DIFFICULT
EMOTIONAL, PRACTICAL, INFO = Gives.EMOTIONAL, Gives.PRACTICAL, Gives.INFORMATION
COMPANY, ACCESS = Gives.COMPANY, Gives.ACCESS
DAILY, WEEKLY, MONTHLY = Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY
LESS, NOT_NOW = Frequency.LESS, Frequency.NOT_NOW
ACTIVITY, SUGGESTED, INTRODUCED = Began.ACTIVITY, Began.SUGGESTION, Began.INTRODUCTION
BY_SOMEONE, OTHER_WAY = Began.OTHER_PERSON, Began.OTHER
BASELINE, REVIEW = SnapshotKind.BASELINE, SnapshotKind.REVIEW


@dataclass(frozen=True)
class Later:
    """A change to a connection on a day: a ring, how it feels, how often they are in touch."""

    day: int
    ring: str = ""
    feels: str = ""
    often: str = ""


@dataclass(frozen=True)
class Link:
    """One connection on a demo person's map, and how it changed."""

    label: str
    kind: str
    ring: str
    often: str = ""
    gives: tuple[str, ...] = ()
    feels: str = SUPPORTIVE
    since: int | None = None  # the day it started; None: known from before, date not recorded
    began: str = ""  # blank: "already knew them", or "through an activity" when `via` is given
    via: int | None = None  # the day of the logged contact that brought it
    inside: bool | None = None  # inside services; None: the usual for the kind
    knows: tuple[str, ...] = ()  # labels of connections listed above it that they know
    later: tuple[Later, ...] = ()
    ended: int | None = None
    why: str = ""  # why it ended

    @property
    def start(self) -> int | None:
        return self.since if self.since is not None else self.via


@dataclass(frozen=True)
class MapStory:
    snapshots: tuple[tuple[int, str, str], ...]  # (day, kind, note), in date order
    links: tuple[Link, ...]


# fmt: off
MAPS: dict[str, MapStory] = {
    # Riverside Community Mental Health Team
    "Maya": MapStory(
        snapshots=((-226, BASELINE, "Drew the map together at the café."), (-120, REVIEW, ""), (-12, REVIEW, "Maya added Dev herself.")),
        links=(
            Link("Mum", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL, PRACTICAL), MIXED, later=(Later(-64, ring=CLOSE, feels=SUPPORTIVE),)),
            Link("Nan", FAMILY, CLOSE, MONTHLY, (EMOTIONAL,), knows=("Mum",)),
            Link("Jas", FRIEND, OUTER, LESS, (COMPANY,)),
            Link("K.", FRIEND, OUTER, LESS, (), DIFFICULT, knows=("Jas",), ended=-150, why="Maya decided to stop replying."),
            Link("Sam", WORKER, MIDDLE, WEEKLY, (INFO, PRACTICAL)),
            Link("Dr A.", WORKER, OUTER, LESS, (INFO,)),
            Link("Sketch forum", ONLINE, OUTER, WEEKLY, (INFO, COMPANY)),
            Link("Lorna", GROUP, OUTER, WEEKLY, (INFO, ACCESS), via=-136),
            Link("Dev", GROUP, OUTER, WEEKLY, (COMPANY,), via=-136, knows=("Lorna",), later=(Later(-20, ring=MIDDLE),)),
        ),
    ),
    "Des": MapStory(
        snapshots=((-385, BASELINE, ""), (-200, REVIEW, "Des has started at the bike workshop."), (-30, REVIEW, "")),
        links=(
            Link("Sharon", FAMILY, MIDDLE, MONTHLY, (PRACTICAL, EMOTIONAL)),
            Link("Carl", FAMILY, OUTER, LESS, (), MIXED, knows=("Sharon",)),
            Link("Mick", COLLEAGUE, OUTER, LESS, (COMPANY,)),
            Link("Pete next door", NEIGHBOUR, OUTER, WEEKLY, (COMPANY, PRACTICAL)),
            Link("Sam", WORKER, MIDDLE, WEEKLY, (INFO, PRACTICAL)),
            Link("Jan (CPN)", WORKER, OUTER, MONTHLY, (INFO,), ended=-300, why="Moved to another team."),
            Link("Gary", GROUP, OUTER, WEEKLY, (COMPANY, ACCESS), via=-220, later=(Later(-120, ring=MIDDLE),)),
            Link("Hannah", GROUP, OUTER, WEEKLY, (INFO,), via=-220, knows=("Gary",)),
            Link("Saturday riders", GROUP, OUTER, WEEKLY, (COMPANY,), since=-100, began=BY_SOMEONE, knows=("Gary", "Hannah")),
        ),
    ),
    "Aisha": MapStory(
        snapshots=((-280, BASELINE, ""), (-150, REVIEW, ""), (-20, REVIEW, "Aisha put Farida in the middle ring.")),
        links=(
            Link("Mum", FAMILY, CLOSE, DAILY, (COMPANY,), MIXED),
            Link("Yusuf", FAMILY, CLOSE, DAILY, (COMPANY,), knows=("Mum",)),
            Link("Amira", FAMILY, CLOSE, DAILY, (COMPANY, EMOTIONAL), knows=("Mum", "Yusuf")),
            Link("Sana", FAMILY, MIDDLE, WEEKLY, (PRACTICAL, EMOTIONAL), knows=("Mum", "Yusuf", "Amira"), later=(Later(-170, ring=CLOSE),)),
            Link("R.", FAMILY, OUTER, LESS, (), DIFFICULT, knows=("Yusuf", "Amira"), ended=-200, why="No longer in touch."),
            Link("Friday prayers", FAITH, MIDDLE, WEEKLY, (COMPANY, EMOTIONAL), knows=("Mum",)),
            Link("Jo", WORKER, MIDDLE, WEEKLY, (INFO, PRACTICAL)),
            Link("Carers' centre", WORKER, OUTER, MONTHLY, (PRACTICAL, INFO), since=-170, began=INTRODUCED),
            Link("Farida", GROUP, OUTER, WEEKLY, (COMPANY, INFO), via=-160, later=(Later(-20, ring=MIDDLE),)),
            Link("Nasreen", GROUP, OUTER, WEEKLY, (COMPANY,), via=-160, knows=("Farida",)),
        ),
    ),
    "Tomasz": MapStory(
        snapshots=((-165, BASELINE, ""), (-75, REVIEW, ""), (-30, REVIEW, "")),
        links=(
            Link("Mama", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL,)),
            Link("Kuba", FAMILY, MIDDLE, MONTHLY, (EMOTIONAL, COMPANY), knows=("Mama",)),
            Link("Lads at work", COLLEAGUE, OUTER, DAILY, (COMPANY,)),
            Link("Marek", FRIEND, OUTER, LESS, (COMPANY,), knows=("Lads at work",)),
            Link("Jo", WORKER, MIDDLE, MONTHLY, (INFO,)),
            Link("Chess app", ONLINE, OUTER, DAILY, (COMPANY,)),
            Link("Ruth", GROUP, OUTER, WEEKLY, (INFO, ACCESS), via=-120, later=(Later(-75, ring=MIDDLE),)),
            Link("Ahmed", GROUP, OUTER, WEEKLY, (COMPANY,), via=-120, knows=("Ruth",)),
            Link("Lina", GROUP, OUTER, WEEKLY, (COMPANY, INFO), via=-120, knows=("Ruth", "Ahmed")),
        ),
    ),
    "Bernie": MapStory(
        snapshots=((-470, BASELINE, ""), (-200, REVIEW, ""), (-40, REVIEW, "Choir on hold for now; Margaret stays on the map.")),
        links=(
            Link("Kath", FAMILY, CLOSE, DAILY, (PRACTICAL, EMOTIONAL)),
            Link("Tony", FAMILY, MIDDLE, MONTHLY, (EMOTIONAL,), knows=("Kath",)),
            Link("Pat", FRIEND, MIDDLE, WEEKLY, (COMPANY,), knows=("Kath",)),
            Link("St Anne's choir", GROUP, OUTER, NOT_NOW, (COMPANY,)),
            Link("Father Michael", FAITH, OUTER, LESS, (EMOTIONAL,), knows=("St Anne's choir",)),
            Link("Chris", WORKER, MIDDLE, MONTHLY, (INFO, PRACTICAL)),
            Link("Mrs P. at 14", NEIGHBOUR, OUTER, WEEKLY, (COMPANY,), since=-155, began=OTHER_WAY),
            Link("Lenny at 16", NEIGHBOUR, OUTER, WEEKLY, (PRACTICAL,), since=-155, began=OTHER_WAY, knows=("Mrs P. at 14",)),
            Link("Margaret", GROUP, OUTER, LESS, (INFO, ACCESS), via=-60, knows=("St Anne's choir", "Father Michael")),
        ),
    ),
    "Kieran": MapStory(
        snapshots=((-140, BASELINE, "Kieran wanted the game squad in the middle ring."), (-41, REVIEW, "")),
        links=(
            Link("Mum", FAMILY, CLOSE, DAILY, (PRACTICAL,), MIXED),
            Link("Rhys", FRIEND, OUTER, LESS, (COMPANY,), later=(Later(-90, often=NOT_NOW),), ended=-60, why="Rhys moved away for university."),
            Link("Game squad", ONLINE, MIDDLE, DAILY, (COMPANY,)),
            Link("Beats server", ONLINE, OUTER, WEEKLY, (INFO,), knows=("Game squad",)),
            Link("Sam", WORKER, MIDDLE, WEEKLY, (INFO, EMOTIONAL)),
            Link("Soundhouse", GROUP, OUTER, LESS, (ACCESS,), began=SUGGESTED, via=-98),
        ),
    ),
    "Femi": MapStory(
        snapshots=((-735, BASELINE, ""), (-430, REVIEW, "Talking about moving on."), (-48, REVIEW, "Back with the team after the winter.")),
        links=(
            Link("Dad", FAMILY, MIDDLE, MONTHLY, (EMOTIONAL,)),
            Link("Tolu", FAMILY, CLOSE, WEEKLY, (EMOTIONAL, PRACTICAL), knows=("Dad",)),
            Link("Biscuit", PET, CLOSE, DAILY, (COMPANY,)),
            Link("Priya", WORKER, MIDDLE, WEEKLY, (INFO, EMOTIONAL), later=(Later(-360, often=NOT_NOW, ring=OUTER), Later(-55, often=WEEKLY, ring=MIDDLE))),
            Link("Parkrun lot", GROUP, OUTER, WEEKLY, (COMPANY,), since=-650, began=SUGGESTED, later=(Later(-200, often=NOT_NOW),)),
            Link("Millbrook Harriers", GROUP, MIDDLE, WEEKLY, (COMPANY, ACCESS), since=-600, began=SUGGESTED, knows=("Parkrun lot",), later=(Later(-430, ring=CLOSE), Later(-200, ring=OUTER, often=NOT_NOW))),
            Link("Kemi", FRIEND, MIDDLE, WEEKLY, (EMOTIONAL, COMPANY), since=-590, began=ACTIVITY, knows=("Millbrook Harriers", "Parkrun lot"), later=(Later(-430, ring=CLOSE), Later(-200, ring=OUTER, often=NOT_NOW), Later(-16, ring=MIDDLE, often=MONTHLY))),
            Link("Jude", PARTNER, CLOSE, DAILY, (EMOTIONAL, COMPANY), MIXED, since=-500, began=BY_SOMEONE, knows=("Kemi", "Tolu"), ended=-250, why="They split up over the winter."),
        ),
    ),
    "Rosa": MapStory(
        snapshots=((-595, BASELINE, ""), (-400, REVIEW, ""), (-30, REVIEW, "Moving-on meeting: Rosa drew most of it herself.")),
        links=(
            Link("Lou", FAMILY, MIDDLE, MONTHLY, (EMOTIONAL,), MIXED, later=(Later(-300, ring=CLOSE, feels=SUPPORTIVE, often=WEEKLY),)),
            Link("Ray", NEIGHBOUR, OUTER, WEEKLY, (), DIFFICULT, ended=-450, why="He moved away."),
            Link("Sam", WORKER, MIDDLE, WEEKLY, (INFO, EMOTIONAL), later=(Later(-30, ring=OUTER, often=MONTHLY),)),
            Link("Peer support group", PEER, OUTER, MONTHLY, (EMOTIONAL,), ended=-380, why="Rosa stopped going once the food bank was her week."),
            Link("Jean", COLLEAGUE, OUTER, WEEKLY, (INFO, ACCESS), via=-500, later=(Later(-400, ring=MIDDLE), Later(-90, ring=CLOSE))),
            Link("Food bank crew", GROUP, MIDDLE, WEEKLY, (COMPANY, ACCESS), via=-500, knows=("Jean",)),
            Link("Dot", FRIEND, MIDDLE, WEEKLY, (COMPANY, EMOTIONAL), since=-320, began=ACTIVITY, knows=("Jean", "Food bank crew"), later=(Later(-90, ring=CLOSE),)),
            Link("Quiz team", GROUP, OUTER, WEEKLY, (COMPANY,), since=-300, began=BY_SOMEONE, knows=("Jean", "Dot")),
            Link("Wellbeing worker", WORKER, OUTER, LESS, (INFO,), since=-25, began=INTRODUCED),
        ),
    ),
    "Graham": MapStory(
        snapshots=((-685, BASELINE, ""), (-560, REVIEW, ""), (-14, REVIEW, "Moving on: Graham says the map is 'about right'.")),
        links=(
            Link("Alan", FAMILY, OUTER, LESS, (EMOTIONAL,)),
            Link("Mac at the Lion", NEIGHBOUR, OUTER, WEEKLY, (COMPANY,)),
            Link("Jo", WORKER, MIDDLE, MONTHLY, (INFO, PRACTICAL), later=(Later(-14, ring=OUTER, often=LESS),)),
            Link("Ramblers", GROUP, OUTER, WEEKLY, (COMPANY, ACCESS), via=-630, later=(Later(-400, ring=MIDDLE),)),
            Link("Brian", GROUP, OUTER, WEEKLY, (COMPANY, PRACTICAL), via=-630, knows=("Ramblers", "Mac at the Lion"), later=(Later(-560, ring=MIDDLE), Later(-300, ring=CLOSE))),
            Link("Sue", GROUP, OUTER, WEEKLY, (COMPANY,), via=-630, knows=("Ramblers", "Brian")),
            Link("Allotment society", GROUP, OUTER, MONTHLY, (INFO,), since=-500, began=BY_SOMEONE, knows=("Brian",)),
        ),
    ),
    "Leon": MapStory(
        snapshots=((-625, BASELINE, ""), (-380, REVIEW, "Leon has started at the garden centre."), (-125, REVIEW, "Last review before moving on.")),
        links=(
            Link("Mum", FAMILY, CLOSE, WEEKLY, (EMOTIONAL, PRACTICAL)),
            Link("Chris", WORKER, MIDDLE, WEEKLY, (INFO, PRACTICAL), later=(Later(-200, ring=OUTER, often=MONTHLY),), ended=-120, why="Leon moved on from the team."),
            Link("Day centre lot", PEER, MIDDLE, WEEKLY, (COMPANY,), ended=-400, why="Leon stopped going once the work trial started."),
            Link("Employment adviser", WORKER, OUTER, WEEKLY, (INFO,), since=-560, began=INTRODUCED, ended=-380, why="Leon got the job."),
            Link("Garden centre team", COLLEAGUE, MIDDLE, WEEKLY, (COMPANY, INFO), since=-420, began=SUGGESTED),
            Link("Dean", COLLEAGUE, OUTER, WEEKLY, (COMPANY,), since=-380, began=OTHER_WAY, knows=("Garden centre team",), later=(Later(-250, ring=MIDDLE),)),
            Link("Five-a-side", GROUP, MIDDLE, WEEKLY, (COMPANY,), since=-370, began=BY_SOMEONE, knows=("Dean",)),
            Link("Tasha", PARTNER, CLOSE, DAILY, (EMOTIONAL, COMPANY), since=-250, began=BY_SOMEONE, knows=("Mum", "Dean")),
        ),
    ),
    "Nadia": MapStory(
        snapshots=(),
        links=(
            Link("Mum", FAMILY, CLOSE, DAILY, (PRACTICAL, EMOTIONAL)),
            Link("Beth", FRIEND, OUTER, NOT_NOW, (COMPANY,)),
            Link("College group chat", ONLINE, OUTER, LESS, (COMPANY,), knows=("Beth",)),
        ),
    ),
    # Brookfield Housing Support
    "Shanice": MapStory(
        snapshots=((-185, BASELINE, "A month after moving in."), (-100, REVIEW, ""), (-8, REVIEW, "")),
        links=(
            Link("Nan", FAMILY, CLOSE, WEEKLY, (EMOTIONAL, PRACTICAL)),
            Link("Mum", FAMILY, OUTER, LESS, (), DIFFICULT, knows=("Nan",)),
            Link("Tia", FRIEND, MIDDLE, WEEKLY, (COMPANY, EMOTIONAL)),
            Link("Keisha", FRIEND, OUTER, MONTHLY, (COMPANY,), knows=("Tia",)),
            Link("J.", PARTNER, MIDDLE, WEEKLY, (), DIFFICULT, knows=("Tia",), ended=-170, why="Shanice ended it after she moved."),
            Link("Ren", WORKER, MIDDLE, WEEKLY, (PRACTICAL, INFO)),
            Link("Joan at number 3", NEIGHBOUR, OUTER, WEEKLY, (COMPANY,), via=-120, later=(Later(-40, ring=MIDDLE),)),
            Link("Pat", NEIGHBOUR, OUTER, MONTHLY, (COMPANY,), via=-120, knows=("Joan at number 3",)),
            Link("Kofi", GROUP, OUTER, WEEKLY, (INFO, ACCESS), via=-40),
            Link("Amy", GROUP, OUTER, WEEKLY, (COMPANY,), via=-40, knows=("Kofi",)),
        ),
    ),
    "Paddy": MapStory(
        snapshots=((-315, BASELINE, ""), (-150, REVIEW, ""), (-24, REVIEW, "Paddy moved Bev into the close ring.")),
        links=(
            Link("Maureen", FAMILY, OUTER, LESS, (EMOTIONAL,)),
            Link("Mick", FRIEND, MIDDLE, WEEKLY, (COMPANY,)),
            Link("Lads at the Crown", GROUP, OUTER, WEEKLY, (COMPANY,), knows=("Mick",)),
            Link("Ren", WORKER, MIDDLE, WEEKLY, (PRACTICAL, INFO)),
            Link("Bev", GROUP, OUTER, WEEKLY, (INFO, ACCESS), via=-240, later=(Later(-150, ring=MIDDLE), Later(-24, ring=CLOSE))),
            Link("Father Tom", FAITH, OUTER, LESS, (EMOTIONAL,), since=-200, began=BY_SOMEONE, knows=("Bev",)),
            Link("Kitchen crew", GROUP, MIDDLE, WEEKLY, (COMPANY, INFO), since=-100, began=ACTIVITY, knows=("Bev", "Father Tom")),
        ),
    ),
    "Mei": MapStory(
        snapshots=((-255, BASELINE, ""), (-150, REVIEW, ""), (-26, REVIEW, "Mei wanted Helen nearer the middle.")),
        links=(
            Link("Nai Nai", FAMILY, CLOSE, WEEKLY, (EMOTIONAL,)),
            Link("Dad", FAMILY, MIDDLE, MONTHLY, (PRACTICAL,), MIXED, knows=("Nai Nai",)),
            Link("Lin", FRIEND, OUTER, LESS, (EMOTIONAL, COMPANY)),
            Link("Alex", WORKER, MIDDLE, MONTHLY, (INFO, PRACTICAL)),
            Link("Crime fiction forum", ONLINE, OUTER, WEEKLY, (COMPANY, INFO)),
            Link("Helen", GROUP, OUTER, WEEKLY, (COMPANY, EMOTIONAL), via=-150, later=(Later(-26, ring=MIDDLE),)),
            Link("Raj", GROUP, OUTER, WEEKLY, (COMPANY,), via=-150, knows=("Helen",)),
        ),
    ),
    "Jordan": MapStory(
        snapshots=((-150, BASELINE, ""), (-36, REVIEW, "Not been in yet: the café stays on the list.")),
        links=(
            Link("Gran", FAMILY, MIDDLE, MONTHLY, (EMOTIONAL, PRACTICAL)),
            Link("Mum", FAMILY, OUTER, NOT_NOW, (), DIFFICULT, knows=("Gran",)),
            Link("Co-op crew", ONLINE, CLOSE, DAILY, (COMPANY,)),
            Link("Ash", ONLINE, MIDDLE, DAILY, (COMPANY, EMOTIONAL), knows=("Co-op crew",)),
            Link("Chris", WORKER, MIDDLE, WEEKLY, (INFO, PRACTICAL)),
            Link("Board game café server", ONLINE, OUTER, WEEKLY, (INFO,), since=-70, began=SUGGESTED),
            Link("Pip", ONLINE, OUTER, WEEKLY, (COMPANY,), since=-60, began=BY_SOMEONE, knows=("Ash", "Co-op crew")),
        ),
    ),
    "Hamid": MapStory(
        snapshots=((-215, BASELINE, ""), (-140, REVIEW, ""), (-11, REVIEW, "")),
        links=(
            Link("Laila", PARTNER, MIDDLE, WEEKLY, (EMOTIONAL,)),
            Link("Farid", FAMILY, OUTER, MONTHLY, (EMOTIONAL, INFO), knows=("Laila",)),
            Link("Friday prayers", FAITH, MIDDLE, WEEKLY, (COMPANY, EMOTIONAL)),
            Link("Cricket in the park", GROUP, OUTER, WEEKLY, (COMPANY,), knows=("Friday prayers",)),
            Link("Ren", WORKER, MIDDLE, WEEKLY, (PRACTICAL, INFO)),
            Link("ESOL class", GROUP, MIDDLE, WEEKLY, (INFO, COMPANY), since=-140, began=SUGGESTED),
            Link("Yaw", COLLEAGUE, OUTER, WEEKLY, (COMPANY,), since=-120, began=ACTIVITY, knows=("ESOL class",)),
            Link("Sue", GROUP, OUTER, WEEKLY, (ACCESS, INFO), via=-90, later=(Later(-11, ring=MIDDLE),)),
            Link("Homework club", GROUP, MIDDLE, WEEKLY, (COMPANY,), via=-90, knows=("Sue",)),
        ),
    ),
    "Eileen": MapStory(
        snapshots=((-125, BASELINE, ""), (-42, REVIEW, "Eileen danced with Stan."), (-5, REVIEW, "")),
        links=(
            Link("Carol", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL, PRACTICAL)),
            Link("Liam", FAMILY, OUTER, MONTHLY, (COMPANY,), knows=("Carol",)),
            Link("Nora next door", NEIGHBOUR, MIDDLE, WEEKLY, (COMPANY, PRACTICAL), knows=("Carol",)),
            Link("Vi", FRIEND, OUTER, LESS, (EMOTIONAL,), ended=-100, why="Vi moved into a care home near her son."),
            Link("Alex", WORKER, MIDDLE, WEEKLY, (INFO, PRACTICAL)),
            Link("Befriending calls", OTHER, OUTER, WEEKLY, (COMPANY,), since=-50, began=SUGGESTED, later=(Later(-5, ring=MIDDLE),)),
            Link("Stan", GROUP, OUTER, WEEKLY, (COMPANY,), via=-70, later=(Later(-42, ring=MIDDLE),)),
            Link("Doreen", GROUP, OUTER, WEEKLY, (COMPANY,), via=-70, knows=("Stan",), later=(Later(-5, ring=MIDDLE),)),
        ),
    ),
    "Marcus": MapStory(
        snapshots=((-795, BASELINE, ""), (-460, REVIEW, "A year in the flat."), (-28, REVIEW, "Back with the team.")),
        links=(
            Link("Mum", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL,)),
            Link("Jay", FAMILY, CLOSE, WEEKLY, (COMPANY, EMOTIONAL), knows=("Mum",)),
            Link("Ren", WORKER, MIDDLE, WEEKLY, (PRACTICAL, INFO), later=(Later(-450, ring=OUTER, often=NOT_NOW), Later(-35, ring=MIDDLE, often=WEEKLY))),
            Link("Housing officer", WORKER, OUTER, MONTHLY, (PRACTICAL,), inside=False),
            Link("Sunday league", GROUP, MIDDLE, WEEKLY, (COMPANY,), since=-700, began=BY_SOMEONE, knows=("Jay",), later=(Later(-460, ring=CLOSE),)),
            Link("Deano", FRIEND, MIDDLE, WEEKLY, (COMPANY, EMOTIONAL), since=-650, began=ACTIVITY, knows=("Jay", "Sunday league")),
            Link("Warehouse lads", COLLEAGUE, OUTER, DAILY, (COMPANY,), since=-600, began=OTHER_WAY, ended=-60, why="Marcus lost the job."),
            Link("Gail", GROUP, OUTER, LESS, (INFO,), since=-12, began=OTHER_WAY, knows=("Sunday league",)),
        ),
    ),
    "Zofia": MapStory(
        snapshots=((-495, BASELINE, ""), (-300, REVIEW, "Zofia has started at the bakery."), (-20, REVIEW, "Moving on.")),
        links=(
            Link("Ola", FAMILY, CLOSE, DAILY, (COMPANY, EMOTIONAL)),
            Link("Mama", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL,), knows=("Ola",)),
            Link("Gosia", FRIEND, OUTER, MONTHLY, (COMPANY,), knows=("Ola",)),
            Link("Chris", WORKER, MIDDLE, WEEKLY, (PRACTICAL, INFO), later=(Later(-20, ring=OUTER, often=MONTHLY),)),
            Link("Employment adviser", WORKER, OUTER, MONTHLY, (INFO,), since=-420, began=INTRODUCED, ended=-320, why="Zofia found work."),
            Link("Bakery team", COLLEAGUE, MIDDLE, WEEKLY, (COMPANY,), since=-300, began=SUGGESTED, via=-330),
            Link("Kasia", COLLEAGUE, OUTER, WEEKLY, (COMPANY, EMOTIONAL), since=-250, began=OTHER_WAY, knows=("Bakery team",), later=(Later(-100, ring=CLOSE),)),
            Link("Pool regulars", GROUP, OUTER, WEEKLY, (COMPANY,), since=-200, began=OTHER_WAY),
        ),
    ),
    "Danny": MapStory(
        snapshots=((-395, BASELINE, ""), (-250, REVIEW, ""), (-45, REVIEW, "Moving on: the football lot are in the close ring now.")),
        links=(
            Link("Ty", FAMILY, CLOSE, DAILY, (COMPANY,)),
            Link("Nan", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL, PRACTICAL), knows=("Ty",)),
            Link("Old crowd", FRIEND, MIDDLE, WEEKLY, (), DIFFICULT, knows=("Ty",), ended=-350, why="Danny chose to keep away."),
            Link("Alex", WORKER, MIDDLE, WEEKLY, (INFO, EMOTIONAL), later=(Later(-45, ring=OUTER, often=MONTHLY),)),
            Link("Five-a-side", GROUP, OUTER, WEEKLY, (COMPANY,), since=-360, began=SUGGESTED, later=(Later(-250, ring=MIDDLE), Later(-45, ring=CLOSE))),
            Link("Walking group", PEER, OUTER, MONTHLY, (COMPANY,), via=-300),
            Link("Kev", FRIEND, OUTER, WEEKLY, (COMPANY,), since=-280, began=ACTIVITY, knows=("Five-a-side", "Ty"), later=(Later(-100, ring=MIDDLE),)),
        ),
    ),
    "Grace": MapStory(
        snapshots=((-595, BASELINE, ""), (-300, REVIEW, ""), (-95, REVIEW, "Last planned meeting: Grace made a cake.")),
        links=(
            Link("Ruth", FAMILY, CLOSE, WEEKLY, (EMOTIONAL, PRACTICAL)),
            Link("Jaden", FAMILY, CLOSE, WEEKLY, (COMPANY,), knows=("Ruth",)),
            Link("Mia", FAMILY, CLOSE, WEEKLY, (COMPANY,), knows=("Ruth", "Jaden")),
            Link("Marlon", FAMILY, MIDDLE, MONTHLY, (PRACTICAL,), knows=("Ruth", "Jaden", "Mia")),
            Link("Auntie Pearl", FAMILY, MIDDLE, WEEKLY, (EMOTIONAL,), knows=("Ruth",), later=(Later(-300, ring=CLOSE),)),
            Link("Pastor Joseph", FAITH, MIDDLE, WEEKLY, (EMOTIONAL, INFO)),
            Link("Ren", WORKER, MIDDLE, WEEKLY, (PRACTICAL, INFO), ended=-90, why="Grace moved on."),
            Link("Gospel choir", FAITH, MIDDLE, WEEKLY, (COMPANY,), since=-540, began=BY_SOMEONE, knows=("Pastor Joseph",), later=(Later(-300, ring=CLOSE),)),
            Link("Sister Mavis", FAITH, MIDDLE, WEEKLY, (COMPANY, EMOTIONAL), since=-500, began=ACTIVITY, knows=("Gospel choir", "Pastor Joseph")),
            Link("Wellbeing worker", WORKER, OUTER, LESS, (INFO,), since=-95, began=INTRODUCED, via=-95),
        ),
    ),
}
# fmt: on

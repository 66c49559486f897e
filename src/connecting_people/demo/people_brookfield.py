# ruff: noqa: E501 (stories read best with one step or contact a line)
"""The people Brookfield Housing Support works with in the demo. All fictional.

Phone numbers are from Ofcom's range kept for drama (07700 900xxx). Days count from today.
"""

import datetime as dt

from connecting_people.demo.story import (
    ACHIEVED,
    ACTIVE,
    ADDRESSING,
    CALL,
    DO_NOW,
    DOING,
    DONE,
    DROPPED,
    GROUP,
    MEETING,
    MOVED_ON,
    MOVING_ON,
    OPEN,
    PERSON,
    RESOLVED,
    SOMEONE_ELSE,
    TO_DO,
    TOGETHER,
    USED_TO,
    VISIT,
    WORKER,
    WOULD_LIKE,
    Change,
    Story,
)
from connecting_people.demo.story import BarrierStory as Barrier
from connecting_people.demo.story import ContactStory as Contact
from connecting_people.demo.story import GoalStory as Goal
from connecting_people.demo.story import StepStory as Step

# fmt: off
BROOKFIELD = [
    Story(
        name="Shanice",
        pronouns="she/her",
        born=dt.date(1999, 12, 3),
        keyworker="ren",
        started=-200,
        local_id="BH-2001",
        phone="07700 900201",
        what_matters=(
            "My own front door. Keeping this flat. And not sitting in it on my own every night: "
            "I didn't move out to be lonely."
        ),
        history=(Change(ACTIVE, -190, "Moved into her flat on Brook Lane last month."),),
        interests=(
            (DO_NOW, "Doing my nails and my friends' nails", ("arts-and-crafts",)),
            (USED_TO, "Street dance at the youth club", ("sport-and-movement", "music")),
            (WOULD_LIKE, "The community garden on Brook Lane", ("nature-and-gardening", "volunteering")),
        ),
        skills=(("Nail art: could run a pamper session", True),),
        goals=(
            Goal(
                "Get to know at least two neighbours.",
                PERSON,
                agreed=-150,
                review=-5,
                steps=(
                    Step("Say hello to the woman at number 3 with the dog", PERSON, DONE, -140),
                    Step("Go to the tenants' coffee morning", TOGETHER, DONE, -120),
                    Step("Offer to do nails at the next coffee morning", PERSON, DOING, 10),
                ),
            ),
            Goal(
                "Volunteer at the Brook Lane community garden.",
                TOGETHER,
                agreed=-60,
                review=30,
                interest=2,
                barrier=0,
                steps=(
                    Step("Ring the garden coordinator", WORKER, DONE, -55),
                    Step("Go to a Saturday session together", TOGETHER, DONE, -40),
                    Step("Get some proper boots", PERSON, TO_DO, 7),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "money",
                "Bus fares and anything that costs, while her Universal Credit is sorted out.",
                "A benefits check; free things first; ask the garden about help with travel.",
                (
                    (-150, OPEN, "Shanice has £12 a week after rent and bills."),
                    (-130, ADDRESSING, "Benefits check done; a backdated payment is on its way."),
                ),
            ),
        ),
        contacts=(
            Contact(-120, VISIT, 90, "Tenants' coffee morning. Shanice chatted with Joan from number 3 for ages about her dog.", went_along=True, met="Joan, Pat"),
            Contact(-40, VISIT, 120, "Saturday session at the Brook Lane garden. We planted onions and Shanice was brilliant with the younger volunteers.", went_along=True, learned=True, met="Kofi (coordinator), Amy"),
            Contact(-8, CALL, 15, "Quick call: the rent is paid this month. She asked where to get cheap boots.", "Send her the link for the charity shop boot rail."),
        ),
    ),
    Story(
        name="Paddy",
        other_names="Patrick",
        pronouns="he/him",
        born=dt.date(1966, 3, 17),
        keyworker="ren",
        started=-330,
        local_id="BH-2002",
        what_matters=(
            "I was a chef for twenty years. I'd like to cook for people again: proper food, not "
            "just for me in a microwave."
        ),
        history=(Change(ACTIVE, -320),),
        interests=(
            (USED_TO, "Head chef at a hotel in Blackpool", ("food-and-cooking", "work-and-training")),
            (DO_NOW, "Watching the football at the Crown", ("sport-and-movement", "social-groups")),
            (WOULD_LIKE, "Cooking at the Friday community meal", ("food-and-cooking", "volunteering")),
        ),
        skills=(("Cooking for fifty on a budget", True), ("Knife skills", True)),
        goals=(
            Goal(
                "Cook at the Friday community meal at St Luke's.",
                PERSON,
                agreed=-250,
                review=3,
                interest=2,
                barrier=0,
                steps=(
                    Step("Go and eat at the meal first, just to see", PERSON, DONE, -240),
                    Step("Talk to Bev, who runs the kitchen", TOGETHER, DONE, -220),
                    Step("Do the food hygiene course online", PERSON, DONE, -150),
                    Step("Help in the kitchen one Friday", PERSON, DONE, -100),
                    Step("Cook the main course one Friday", PERSON, DOING, 14),
                ),
            ),
            Goal(
                "Run a 'cooking on a budget' session for the tenants.",
                WORKER,
                agreed=-30,
                review=60,
                steps=(
                    Step("Ask the housing office about using the community room", WORKER, TO_DO, 14),
                    Step("Plan a menu for four that costs under £10", PERSON, DOING, 21),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "confidence",
                "Being in charge of a kitchen again after so long.",
                "Build up slowly: helping first, then one dish, then the main course.",
                (
                    (-250, OPEN, "Paddy says he has 'lost his nerve'."),
                    (-200, ADDRESSING, "Helping Bev every Friday now."),
                ),
            ),
        ),
        contacts=(
            Contact(-240, VISIT, 90, "Ate at the Friday community meal together. Paddy had opinions about the gravy.", went_along=True, met="Bev"),
            Contact(-150, MEETING, 30, "Helped Paddy sign up for the food hygiene course. He finished the first module while I was there.", learned=True),
            Contact(-24, MEETING, 45, "At his flat. Paddy has been helping in the kitchen for two months and Bev wants him to cook a main course.", taught=True),
            Contact(-3, CALL, 10, "Paddy rang to say he's making shepherd's pie for sixty next Friday."),
        ),
    ),
    Story(
        name="Mei",
        pronouns="she/her",
        born=dt.date(1992, 9, 9),
        keyworker="alex",
        started=-270,
        local_id="BH-2003",
        what_matters="Reading, quiet, and one or two people I can really talk to. I don't need a crowd.",
        history=(Change(ACTIVE, -260),),
        interests=(
            (DO_NOW, "Reading, mostly crime novels", ("reading-and-writing",)),
            (WOULD_LIKE, "A book club that isn't too loud", ("reading-and-writing", "social-groups")),
            (USED_TO, "Calligraphy with my grandmother", ("arts-and-crafts", "heritage-and-local-history")),
        ),
        skills=(("Chinese calligraphy", True),),
        goals=(
            Goal(
                "Join a small book club.",
                PERSON,
                agreed=-200,
                review=-60,
                interest=1,
                barrier=0,
                steps=(
                    Step("Get set up with the library app", TOGETHER, DONE, -190),
                    Step("Go to the library's Tuesday book club", PERSON, DONE, -150),
                    Step("Finish the next book in time", PERSON, DONE, -120),
                    Step("Suggest a book for the group", PERSON, TO_DO, -20),
                ),
            ),
            Goal(
                "Show someone how to do calligraphy.",
                PERSON,
                agreed=-40,
                review=50,
                interest=2,
                steps=(
                    Step("Buy ink and brushes", PERSON, DONE, -30),
                    Step("Ask the library about running a taster session", PERSON, DOING, 14),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "digital-access",
                "Using the library catalogue and booking things online.",
                "The library's tablet loan scheme, and showing her the app.",
                (
                    (-200, OPEN, ""),
                    (-190, ADDRESSING, "Signed up for a tablet loan."),
                    (-175, RESOLVED, "The tablet arrived and Mei uses the app on her own."),
                ),
            ),
        ),
        contacts=(
            Contact(-190, MEETING, 60, "Set up the library app together. Mei reserved three books before I'd finished my tea."),
            Contact(-150, VISIT, 75, "Tuesday book club at the library: six people. Mei said one thing, and then two more.", went_along=True, met="Helen, Raj"),
            Contact(-26, MEETING, 45, "She's kept going to the book club. Talked about calligraphy; Mei wondered about showing the group."),
        ),
    ),
    Story(
        name="Jordan",
        pronouns="they/them",
        born=dt.date(2001, 4, 4),
        keyworker="chris",
        started=-160,
        local_id="BH-2004",
        what_matters="Games, and people who get games. I'd like a reason to leave the flat that isn't the shop.",
        history=(Change(ACTIVE, -150),),
        interests=(
            (DO_NOW, "Online co-op games", ("digital-and-gaming",)),
            (WOULD_LIKE, "The board game café on Brook Street", ("digital-and-gaming", "social-groups")),
            (USED_TO, "Drawing comics", ("arts-and-crafts", "reading-and-writing")),
        ),
        goals=(
            Goal(
                "Go to the board game café's Thursday night.",
                PERSON,
                agreed=-120,
                review=15,
                interest=1,
                barrier=0,
                steps=(
                    Step("Look at the café's page together", TOGETHER, DONE, -115),
                    Step("Walk past on a Thursday to see what it's like", PERSON, DONE, -100),
                    Step("Go in for one game", PERSON, TO_DO, -20),
                    Step("Go two Thursdays in a row", PERSON, TO_DO, 40),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "worry-about-groups",
                "Sitting down at a table with strangers.",
                "Go at the start when it's quiet; Chris can come the first time.",
                ((-120, OPEN, ""),),
            ),
        ),
        contacts=(
            Contact(-115, MEETING, 50, "Looked at the board game café's page together. Jordan knew half the games already."),
            Contact(-70, CALL, 10, "Jordan walked past the café on Thursday. It looked 'fine, actually'."),
            Contact(-36, MEETING, 40, "Jordan didn't go in. We talked about going together the first time.", "Offer to go with them on a Thursday."),
        ),
    ),
    Story(
        name="Hamid",
        pronouns="he/him",
        born=dt.date(1978, 2, 27),
        keyworker="ren",
        started=-230,
        local_id="BH-2005",
        phone="07700 900205",
        what_matters=(
            "I was a maths teacher in Kabul. I want to teach again, even if it is children's "
            "homework. And I want my English good enough for the exam."
        ),
        history=(Change(ACTIVE, -220),),
        interests=(
            (USED_TO, "Teaching maths to teenagers", ("work-and-training", "learning")),
            (DO_NOW, "Friday prayers at the Brook Street mosque", ("faith-and-belief",)),
            (DO_NOW, "Cricket in the park in summer", ("sport-and-movement",)),
            (WOULD_LIKE, "Helping at a homework club", ("volunteering", "learning")),
        ),
        skills=(("Maths up to A level: could tutor", True), ("Speaks Dari and Pashto", True)),
        goals=(
            Goal(
                "Volunteer at a homework club.",
                PERSON,
                agreed=-180,
                review=10,
                interest=3,
                steps=(
                    Step("Find homework clubs near the flat", WORKER, DONE, -170),
                    Step("Get a DBS check through the volunteer centre", SOMEONE_ELSE, DONE, -120),
                    Step("Meet the homework club coordinator", TOGETHER, DONE, -90),
                    Step("Help one evening a week", PERSON, DOING, 0),
                ),
            ),
            Goal(
                "Pass the ESOL Level 2 exam.",
                PERSON,
                agreed=-150,
                review=90,
                barrier=0,
                steps=(
                    Step("Enrol at the college", PERSON, DONE, -140),
                    Step("Take the online practice course", PERSON, DROPPED),
                    Step("Go to class twice a week", PERSON, DOING, 120),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "language",
                "Filling in forms and long phone calls.",
                "ESOL classes; Ren helps with forms in the meantime.",
                (
                    (-200, OPEN, ""),
                    (-140, ADDRESSING, "Enrolled on ESOL Level 1."),
                    (-40, RESOLVED, "Passed Level 1. Hamid makes his own calls now."),
                ),
            ),
            Barrier(
                "stigma-from-others",
                "Comments from people at the bus stop.",
                "Talked it through; Hamid can report anything on the estate to the housing officer.",
                ((-100, OPEN, "Two bad mornings at the bus stop this month."),),
            ),
        ),
        contacts=(
            Contact(-90, VISIT, 60, "Met the homework club coordinator at the community centre. Hamid helped a boy with fractions while we waited.", went_along=True, taught=True, met="Sue (coordinator)"),
            Contact(-40, MEETING, 30, "Celebrated Hamid passing ESOL Level 1 with a cup of tea."),
            Contact(-11, MEETING, 45, "He helps every Tuesday now. The children call him Mr H.", taught=True),
        ),
    ),
    Story(
        name="Eileen",
        pronouns="she/her",
        born=dt.date(1947, 5, 30),
        keyworker="alex",
        started=-140,
        local_id="BH-2006",
        phone="07700 900206",
        what_matters=(
            "Company. Since Ron died the days are very long. We went dancing every Saturday for "
            "fifty years."
        ),
        history=(Change(ACTIVE, -130),),
        interests=(
            (USED_TO, "Ballroom dancing with Ron every Saturday", ("music", "sport-and-movement", "social-groups")),
            (DO_NOW, "Crosswords and the radio", ("reading-and-writing",)),
            (WOULD_LIKE, "A tea dance", ("music", "social-groups")),
        ),
        skills=(("Knitting: could teach a beginner", True),),
        goals=(
            Goal(
                "Go to the Wednesday tea dance at the town hall.",
                PERSON,
                agreed=-100,
                review=-3,
                interest=2,
                barrier=0,
                steps=(
                    Step("Find out about the tea dance", WORKER, DONE, -95),
                    Step("Book community transport for Wednesdays", WORKER, DONE, -80),
                    Step("Go along with Alex to watch", TOGETHER, DONE, -70),
                    Step("Dance one dance", PERSON, DONE, -42),
                    Step("Go on my own", PERSON, DOING, 14),
                ),
            ),
            Goal(
                "Have someone to talk to most days.",
                TOGETHER,
                agreed=-60,
                review=30,
                steps=(
                    Step("Sign up for the befriending phone calls", TOGETHER, DONE, -50),
                    Step("Swap numbers with someone from the tea dance", PERSON, TO_DO, 20),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "transport-or-distance",
                "The town hall is two miles away and Eileen has no car since Ron died.",
                "Community transport on Wednesdays.",
                (
                    (-100, OPEN, ""),
                    (-80, RESOLVED, "A Wednesday booking is in place."),
                ),
            ),
            Barrier(
                "physical-health-or-access",
                "Her knees on stairs, and standing for long.",
                "The town hall has a lift and chairs round the edge of the floor.",
                ((-100, ADDRESSING, "Checked the lift works and where the chairs are."),),
            ),
        ),
        contacts=(
            Contact(-70, VISIT, 120, "Tea dance at the town hall. Eileen watched for an hour, then told me off for not dancing.", went_along=True, met="Stan, Doreen"),
            Contact(-42, CALL, 15, "Eileen rang to say she danced a waltz with Stan."),
            Contact(-5, MEETING, 40, "At her flat. She plans to go on her own next week, and has knitted Doreen a scarf."),
        ),
    ),
    Story(
        name="Marcus",
        pronouns="he/him",
        born=dt.date(1994, 10, 12),
        keyworker="ren",
        started=-820,
        local_id="BH-2007",
        what_matters="Keeping my flat. And football: Sunday league is where my mates are.",
        history=(
            Change(ACTIVE, -800),
            Change(MOVING_ON, -500, "A year in the flat with no problems."),
            Change(
                MOVED_ON,
                -450,
                "Settled in the flat, working, and playing Sunday league.",
                destination="lower_support",
                plan="The housing officer is the first call. The door is open if things change.",
            ),
            Change(ACTIVE, -35, "Behind on his rent after losing his job; asked for help again."),
        ),
        interests=(
            (DO_NOW, "Sunday league football (left back)", ("sport-and-movement", "social-groups")),
            (USED_TO, "Warehouse work", ("work-and-training",)),
            (WOULD_LIKE, "Coaching the under-12s", ("sport-and-movement", "volunteering")),
        ),
        goals=(
            Goal(
                "Keep my tenancy for a year.",
                TOGETHER,
                agreed=-780,
                review=-420,
                status=ACHIEVED,
                steps=(
                    Step("Set up a standing order for the rent", TOGETHER, DONE, -770),
                    Step("Meet the housing officer every month", PERSON, DONE, -500),
                ),
            ),
            Goal(
                "Get the rent back on track.",
                TOGETHER,
                agreed=-30,
                review=14,
                barrier=0,
                steps=(
                    Step("Ring the housing office about a payment plan", TOGETHER, DONE, -28),
                    Step("Apply for a Discretionary Housing Payment", WORKER, DOING, 7),
                    Step("Look at jobs at the distribution centre", PERSON, TO_DO, 14),
                ),
            ),
            Goal(
                "Help coach the under-12s on Saturdays.",
                PERSON,
                agreed=-20,
                review=60,
                interest=2,
                steps=(
                    Step("Ask the club secretary", PERSON, DONE, -12),
                    Step("Do the safeguarding course", PERSON, TO_DO, 30),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "money",
                "Rent arrears, and no wage at the moment.",
                "A payment plan, a Discretionary Housing Payment and a job search.",
                (
                    (-30, OPEN, ""),
                    (-28, ADDRESSING, "Payment plan agreed with the housing office."),
                ),
            ),
        ),
        contacts=(
            Contact(-460, MEETING, 30, "Moving-on meeting. Marcus is proud of his year in the flat."),
            Contact(-35, CALL, 25, "Marcus rang: behind on the rent since losing his job. Welcomed back."),
            Contact(-28, MEETING, 60, "Rang the housing office together and agreed a payment plan."),
            Contact(-6, MEETING, 30, "He's been offered a trial shift at the distribution centre."),
        ),
    ),
    Story(
        name="Zofia",
        pronouns="she/her",
        born=dt.date(1986, 8, 14),
        keyworker="chris",
        started=-520,
        local_id="BH-2008",
        what_matters="Work, swimming, and my daughter seeing me do well.",
        history=(
            Change(ACTIVE, -500),
            Change(
                MOVING_ON,
                -20,
                "Working at the bakery three mornings a week.",
                destination="beyond_services",
                plan="A call once a month until the end of the tenancy review, then we step back.",
            ),
        ),
        interests=(
            (DO_NOW, "Swimming lengths on Saturday mornings", ("sport-and-movement",)),
            (DO_NOW, "Working at the bakery", ("work-and-training", "food-and-cooking")),
        ),
        goals=(
            Goal(
                "Find part-time work that fits round school.",
                PERSON,
                agreed=-450,
                review=-300,
                status=ACHIEVED,
                steps=(
                    Step("See the employment adviser at the jobcentre", SOMEONE_ELSE, DONE, -420),
                    Step("Apply to the bakery on the high street", PERSON, DONE, -330),
                ),
            ),
            Goal(
                "Know who to call when support ends.",
                TOGETHER,
                agreed=-20,
                review=40,
                steps=(
                    Step("Write a list of people and numbers", TOGETHER, DONE, -18),
                    Step("Meet the tenancy officer together", TOGETHER, TO_DO, 25),
                ),
            ),
        ),
        contacts=(
            Contact(-330, MEETING, 30, "Helped Zofia with the bakery application form."),
            Contact(-20, MEETING, 45, "Started moving on. Zofia wrote her own plan."),
        ),
    ),
    Story(
        name="Danny",
        pronouns="he/him",
        born=dt.date(1996, 1, 25),
        keyworker="alex",
        started=-420,
        local_id="BH-2009",
        what_matters="Football, my mates, and not going back to how things were.",
        history=(
            Change(ACTIVE, -400),
            Change(
                MOVING_ON,
                -45,
                "Playing five-a-side every week and managing the flat well.",
                destination="lower_support",
                plan="Fortnightly calls for two months, then the GP practice's link worker.",
            ),
        ),
        interests=(
            (DO_NOW, "Five-a-side on Tuesdays", ("sport-and-movement", "social-groups")),
            (DO_NOW, "Football games on the console with my cousin", ("digital-and-gaming",)),
        ),
        goals=(
            Goal(
                "Play football every week.",
                PERSON,
                agreed=-380,
                review=-200,
                status=ACHIEVED,
                steps=(
                    Step("Find a five-a-side team that needs players", TOGETHER, DONE, -360),
                    Step("Go every week for two months", PERSON, DONE, -250),
                ),
            ),
        ),
        contacts=(
            Contact(-300, GROUP, 60, "Danny came to the team's Wednesday walking group and brought a ball.", went_along=True),
            Contact(-45, MEETING, 40, "Talked about moving on. Danny wants to try it."),
        ),
    ),
    Story(
        name="Grace",
        pronouns="she/her",
        born=dt.date(1961, 6, 6),
        keyworker="ren",
        started=-620,
        local_id="BH-2010",
        what_matters="My church family, my grandchildren, and a home that feels like mine.",
        history=(
            Change(ACTIVE, -600),
            Change(MOVING_ON, -150, "Grace is settled and busy."),
            Change(
                MOVED_ON,
                -90,
                "Settled in her flat; church and the gospel choir every week.",
                destination="lower_support",
                plan="The wellbeing worker at her GP practice. Grace knows she can come back.",
            ),
        ),
        interests=(
            (DO_NOW, "Gospel choir at New Life church", ("music", "faith-and-belief")),
            (DO_NOW, "Baking with the grandchildren", ("food-and-cooking",)),
        ),
        goals=(
            Goal(
                "Make the flat feel like home.",
                PERSON,
                agreed=-580,
                review=-450,
                status=ACHIEVED,
                steps=(
                    Step("Apply for a grant for curtains and a sofa", WORKER, DONE, -560),
                    Step("Have the grandchildren to tea", PERSON, DONE, -470),
                ),
            ),
        ),
        contacts=(
            Contact(-95, MEETING, 40, "Last planned meeting. Grace made a cake."),
        ),
    ),
    Story(
        name="Ibrahim",
        pronouns="he/him",
        born=dt.date(1989, 3, 3),
        keyworker="ren",
        started=-9,
        local_id="BH-2011",
        what_matters="A quiet place to live and something to do in the day.",
        contacts=(
            Contact(-4, CALL, 20, "Introductory call. Ibrahim moves in on Monday; we'll meet at the flat.", "Bring the welcome pack and the bus map."),
        ),
    ),
    Story(
        name="Lily",
        pronouns="she/her",
        born=dt.date(2004, 11, 11),
        keyworker=None,
        started=-1,
        local_id="BH-2012",
    ),
]
# fmt: on

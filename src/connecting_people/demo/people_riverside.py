# ruff: noqa: E501 (stories read best with one step or contact a line)
"""The people the Riverside Community Mental Health Team supports in the demo. All fictional.

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
    MEETING,
    MOVED_ON,
    MOVING_ON,
    OPEN,
    PAUSED,
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
RIVERSIDE = [
    Story(
        name="Maya",
        pronouns="she/her",
        born=dt.date(1996, 4, 11),
        keyworker="sam",
        started=-240,
        local_id="RV-1001",
        phone="07700 900101",
        what_matters=(
            "Drawing again. I used to fill a sketchbook a week and I miss how that felt. I'd like "
            "somewhere to go on a Tuesday that isn't an appointment, and maybe one person there "
            "I'd say hello to."
        ),
        history=(Change(ACTIVE, -226, "First meeting at the café on Mill Street went well."),),
        interests=(
            (USED_TO, "Filling sketchbooks, mostly people on the bus", ("arts-and-crafts",)),
            (USED_TO, "Netball at school (goal defence)", ("sport-and-movement",)),
            (DO_NOW, "Watching drawing videos late at night", ("arts-and-crafts",)),
            (WOULD_LIKE, "A life drawing class, if it isn't too posh", ("arts-and-crafts",)),
        ),
        skills=(("Quick portrait sketches: could show someone the basics", True),),
        goals=(
            Goal(
                "Go to the Tuesday drawing group at the library, and stay for the whole thing.",
                PERSON,
                agreed=-180,
                review=-10,
                interest=0,
                barrier=0,
                steps=(
                    Step("Find out when the group meets and what it costs", WORKER, DONE, -172),
                    Step("Look at the room together one quiet afternoon", TOGETHER, DONE, -150),
                    Step("Go to the first session together; leave at the break if I want", TOGETHER, DONE, -136),
                    Step("Go on my own and stay until the end", PERSON, DOING, -7),
                    Step("Bring my old sketchbook to show Lorna, who runs it", PERSON, TO_DO, 14),
                ),
            ),
            Goal(
                "Find a life drawing class for the spring.",
                TOGETHER,
                agreed=-40,
                review=20,
                interest=3,
                steps=(
                    Step("Pick up the adult education leaflet at the library", PERSON, DONE, -33),
                    Step("Compare the two classes on price and times", TOGETHER, DOING, 7),
                    Step("Ask whether there is a cheaper rate", WORKER, TO_DO, 10),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "worry-about-groups",
                "Walking into a room where everyone already knows each other.",
                "Go early, sit near the door, agree a sign for leaving. Once it feels familiar, "
                "go alone.",
                (
                    (-200, OPEN, "The thought of a group makes Maya feel sick."),
                    (-150, ADDRESSING, "Saw the room when it was empty. Better than expected."),
                ),
            ),
        ),
        contacts=(
            Contact(-226, MEETING, 60, "First proper meeting at the Mill Street café. We talked about what a good week would look like. Maya brought her old sketchbook.", "Find drawing groups nearby."),
            Contact(-136, VISIT, 120, "Went to the library drawing group together. Maya stayed past the break and drew the plant in the corner. Lorna said she's welcome any week.", went_along=True, met="Lorna (runs the group), Dev"),
            Contact(-64, CALL, 20, "Maya rang to say she's been twice on her own. She left early once, and she's fine about that."),
            Contact(-12, MEETING, 50, "Chat at her flat about how it's going. She goes most weeks now and wants to think about a life drawing class next.", "Bring the adult education leaflet."),
        ),
    ),
    Story(
        name="Des",
        other_names="Desmond",
        pronouns="he/him",
        born=dt.date(1961, 9, 2),
        keyworker="sam",
        started=-400,
        local_id="RV-1002",
        what_matters=(
            "Being useful. I was a mechanic for thirty years and now my hands don't know what to "
            "do with themselves. I want to fix something that matters to someone."
        ),
        history=(Change(ACTIVE, -390),),
        interests=(
            (USED_TO, "Fixing buses at the Millbrook depot", ("work-and-training",)),
            (DO_NOW, "Doing up an old Raleigh in the shed", ("arts-and-crafts",)),
            (DO_NOW, "Cycling the canal towpath on dry days", ("sport-and-movement", "nature-and-gardening")),
            (WOULD_LIKE, "Helping out at a repair café", ("volunteering",)),
        ),
        skills=(
            ("Bike repairs: punctures, brakes, gears", True),
            ("Reads a bus timetable like a map", False),
        ),
        goals=(
            Goal(
                "Volunteer at the community bike workshop once a week.",
                PERSON,
                agreed=-300,
                review=5,
                barrier=0,
                steps=(
                    Step("Ring the bike workshop and ask if they take volunteers", PERSON, DONE, -290),
                    Step("Get a bus pass so the fare isn't a worry", WORKER, DONE, -250),
                    Step("Go for a trial morning", PERSON, DONE, -220),
                    Step("Do the workshop's safety induction", SOMEONE_ELSE, DONE, -200),
                    Step("Run a puncture repair session for the Saturday group", PERSON, DOING, 12),
                ),
            ),
            Goal(
                "Ride the canal path to Millbrook with someone, not on my own.",
                PERSON,
                agreed=-60,
                review=30,
                interest=2,
                steps=(
                    Step("Ask Gary at the workshop if he fancies it", PERSON, DONE, -45),
                    Step("Check the towpath is open past the lock", WORKER, DONE, -40),
                    Step("Pick a dry Sunday and go", TOGETHER, TO_DO, 10),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "transport-or-distance",
                "Getting to the workshop across town: two buses each way.",
                "Apply for a bus pass; look at the community transport scheme meanwhile.",
                (
                    (-300, OPEN, "Two buses each way costs more than Des can spare."),
                    (-270, ADDRESSING, "Sent off the bus pass form together."),
                    (-250, RESOLVED, "Bus pass arrived. Des goes every Wednesday now."),
                ),
            ),
        ),
        contacts=(
            Contact(-220, VISIT, 180, "Trial morning at the bike workshop. Des had a wheel trued within ten minutes. Gary asked if he could come back on Wednesdays.", went_along=True, met="Gary, Hannah"),
            Contact(-120, MEETING, 45, "Catch-up at the workshop. He's showing the younger volunteers how to set up gears.", taught=True),
            Contact(-50, MEETING, 40, "Talked about the canal ride. He'd rather go with someone, so we wrote down who he might ask."),
            Contact(-9, CALL, 15, "Quick call: the workshop has asked Des to run a puncture repair session for the Saturday group.", "Help him make a one-page handout."),
        ),
    ),
    Story(
        name="Aisha",
        pronouns="she/her",
        born=dt.date(1983, 1, 23),
        keyworker="jo",
        started=-300,
        local_id="RV-1003",
        phone="07700 900103",
        what_matters=(
            "My mum and my kids come first, but I've lost myself a bit. I'd like something that's "
            "just mine, even two hours a week. And I want Mum to be proud of me again."
        ),
        history=(Change(ACTIVE, -285),),
        interests=(
            (USED_TO, "Cooking for Eid for the whole street", ("food-and-cooking", "faith-and-belief")),
            (DO_NOW, "Going to the mosque on Fridays with Mum", ("faith-and-belief",)),
            (WOULD_LIKE, "Sewing: making clothes for my daughter", ("arts-and-crafts", "learning")),
            (WOULD_LIKE, "The women's cooking group at the community centre", ("food-and-cooking", "social-groups")),
        ),
        skills=(("Cooking for a crowd on not much money", True),),
        goals=(
            Goal(
                "Join the women's cooking group on Thursday mornings.",
                PERSON,
                agreed=-200,
                review=-21,
                interest=3,
                barrier=0,
                steps=(
                    Step("Find someone to sit with Mum on Thursday mornings", TOGETHER, DONE, -180),
                    Step("Go with Jo to meet Farida, who runs it", TOGETHER, DONE, -160),
                    Step("Go three Thursdays in a row", PERSON, DOING, -30),
                    Step("Bring a dish to the group's shared lunch", PERSON, TO_DO, 20),
                ),
            ),
            Goal(
                "Have two hours a week that are just for me.",
                TOGETHER,
                agreed=-90,
                review=7,
                steps=(
                    Step("Write down what a good two hours would look like", PERSON, DONE, -80),
                    Step("Ask my sister to cover one evening", PERSON, DONE, -60),
                    Step("Look at the sewing class at the college", WORKER, DOING, 5),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "caring-responsibilities",
                "Being out of the house on weekday mornings while Mum needs help.",
                "Ask for a carer's assessment for Mum; ask family to share one morning a week.",
                (
                    (-200, OPEN, "Aisha is Mum's main carer and can't leave her for long."),
                    (-170, ADDRESSING, "Carer's assessment asked for. Her sister does Thursdays for now."),
                ),
            ),
        ),
        contacts=(
            Contact(-160, VISIT, 90, "Met Farida in the community centre kitchen. Aisha ended up helping with the rice and stayed for lunch.", went_along=True, met="Farida, Nasreen"),
            Contact(-100, MEETING, 60, "Talked about feeling guilty when she's out. We agreed it's fine to miss a week."),
            Contact(-45, CALL, 20, "Aisha has missed two Thursdays because Mum was unwell. She still wants to go."),
            Contact(-20, MEETING, 45, "She's been back once, and showed the group how she makes biryani for twenty.", taught=True, met="Farida"),
        ),
    ),
    Story(
        name="Tomasz",
        pronouns="he/him",
        born=dt.date(1990, 6, 30),
        keyworker="jo",
        started=-180,
        local_id="RV-1004",
        what_matters=(
            "To talk to people here without feeling stupid. My English is fine for work but not "
            "for jokes. I miss having mates to play chess with, like at home in Gdańsk."
        ),
        history=(Change(ACTIVE, -170),),
        interests=(
            (USED_TO, "Chess club every Friday, back home", ("social-groups",)),
            (DO_NOW, "Five-a-side on Sundays when someone asks me", ("sport-and-movement",)),
            (WOULD_LIKE, "An English conversation group", ("learning", "social-groups")),
            (WOULD_LIKE, "Playing chess in the park", ("social-groups",)),
        ),
        skills=(("Chess: happy to teach beginners", True), ("Making pierogi", False)),
        goals=(
            Goal(
                "Speak English with people outside work every week.",
                PERSON,
                agreed=-150,
                review=14,
                interest=2,
                barrier=0,
                steps=(
                    Step("Find a conversation group that meets in the evening", WORKER, DONE, -140),
                    Step("Go to the group at the library", PERSON, DONE, -120),
                    Step("Go every week for a month", PERSON, DONE, -80),
                    Step("Offer to help at the beginners' table", PERSON, DOING, 21),
                ),
            ),
            Goal(
                "Find people to play chess with.",
                TOGETHER,
                agreed=-60,
                review=45,
                interest=3,
                barrier=1,
                steps=(
                    Step("Ask at the library whether there's a chess club", PERSON, DONE, -50),
                    Step("Try the chess tables in Victoria Park on a Saturday", PERSON, TO_DO, 10),
                    Step("Put a card up at the café offering a weekly game", PERSON, TO_DO, 30),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "language",
                "Joining in when people talk fast or use slang.",
                "Conversation group first; practise the small talk that comes up at groups.",
                (
                    (-160, OPEN, "Tomasz worries about being laughed at."),
                    (-120, ADDRESSING, "Going to the conversation group every week."),
                ),
            ),
            Barrier(
                "money",
                "Anything that costs every week.",
                "Free groups for now; check whether he can get the leisure card.",
                ((-150, OPEN, "He sends money home; very little is left over."),),
            ),
        ),
        contacts=(
            Contact(-120, VISIT, 90, "Went with Tomasz to the library conversation group. He spoke more than he expected to and stayed to help tidy up.", went_along=True, learned=True, met="Ruth (volunteer), Ahmed, Lina"),
            Contact(-75, CALL, 15, "He's been every week. Ruth asked if he'd help at the beginners' table."),
            Contact(-33, MEETING, 45, "Met at the café. Talked about chess and he lit up. We made a plan for the park."),
        ),
    ),
    Story(
        name="Bernie",
        other_names="Bernadette",
        pronouns="she/her",
        born=dt.date(1953, 11, 19),
        keyworker="chris",
        started=-500,
        local_id="RV-1005",
        phone="07700 900105",
        what_matters=(
            "Singing. I sang in the church choir for forty years. I stopped when my hip went and "
            "then I just never went back. I'd like to stand with them again, even if I have to sit."
        ),
        history=(Change(ACTIVE, -480),),
        interests=(
            (USED_TO, "St Anne's church choir (alto)", ("music", "faith-and-belief")),
            (DO_NOW, "My tomatoes and the little bit of garden", ("nature-and-gardening",)),
            (WOULD_LIKE, "A singing group where you can sit down", ("music", "social-groups")),
        ),
        skills=(("Growing tomatoes from seed", True),),
        goals=(
            Goal(
                "Sing with a choir again before Christmas.",
                PERSON,
                agreed=-120,
                review=-35,
                interest=0,
                barrier=0,
                steps=(
                    Step("Ask the choir leader if I can sit for rehearsals", PERSON, DONE, -110),
                    Step("Find out about community transport on Thursday evenings", WORKER, DONE, -95),
                    Step("Go to one rehearsal to listen", TOGETHER, DONE, -60),
                    Step("Sing at one rehearsal", PERSON, PAUSED, -10),
                ),
            ),
            Goal(
                "Give my spare tomato plants to the neighbours.",
                PERSON,
                agreed=-200,
                review=-150,
                status=ACHIEVED,
                interest=1,
                steps=(
                    Step("Grow far too many tomato plants", PERSON, DONE, -170),
                    Step("Put a sign out on the wall", PERSON, DONE, -160),
                    Step("Knock at numbers 14 and 16", PERSON, DONE, -155),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "physical-health-or-access",
                "Standing for a long time, and the church steps.",
                "Ask about a seat and the side door with the ramp.",
                (
                    (-120, OPEN, "Bernie can't stand for a whole rehearsal."),
                    (-90, ADDRESSING, "The choir leader says she can sit at the end of the front row."),
                ),
            ),
            Barrier(
                "transport-or-distance",
                "Getting home after dark.",
                "Book community transport for Thursday evenings.",
                (
                    (-95, ADDRESSING, "Registered with Millbrook community transport."),
                    (-70, RESOLVED, "A regular Thursday booking is in place."),
                ),
            ),
        ),
        contacts=(
            Contact(-150, MEETING, 60, "Tea and a look round the garden. Bernie sent me back to the office with a tomato plant."),
            Contact(-95, CALL, 20, "Sorted out the community transport registration together over the phone."),
            Contact(-60, VISIT, 90, "Went to the choir rehearsal to listen. Bernie got tired and we left after half an hour. She was cross with herself; we agreed to pause for a few weeks.", went_along=True, met="Margaret (choir leader)"),
            Contact(-45, CALL, 10, "Bernie rang back to say her hip is sore this week. She'll call when she's ready."),
        ),
    ),
    Story(
        name="Kieran",
        pronouns="he/him",
        born=dt.date(2002, 2, 14),
        keyworker="sam",
        started=-150,
        local_id="RV-1006",
        what_matters=(
            "Making music, and not feeling like the weird one. I want to make a track with actual "
            "people, not just on my laptop at 3am."
        ),
        history=(Change(ACTIVE, -140),),
        interests=(
            (DO_NOW, "Making beats on my laptop", ("music", "digital-and-gaming")),
            (DO_NOW, "Online games with people I've never met", ("digital-and-gaming",)),
            (USED_TO, "Playing bass in a band at college", ("music",)),
            (WOULD_LIKE, "A studio session at the youth music project", ("music", "learning")),
        ),
        skills=(("Music software: could show someone how to start", True),),
        goals=(
            Goal(
                "Make a track with other people in a real studio.",
                PERSON,
                agreed=-110,
                review=10,
                interest=3,
                barrier=0,
                steps=(
                    Step("Look up the Soundhouse youth music project", PERSON, DONE, -105),
                    Step("Email them (Sam checks the wording with me)", TOGETHER, DONE, -98),
                    Step("Go to an open session", PERSON, TO_DO, -30),
                    Step("Book a studio slot", PERSON, TO_DO, 30),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "self-stigma",
                "Thinking people will see him as 'the mental health one'.",
                "Talk it through. Soundhouse only need to know what Kieran chooses to tell them.",
                ((-110, OPEN, "Kieran worries people will find out he's with the team."),),
            ),
            Barrier(
                "low-mood-or-motivation",
                "Getting up and out before the afternoon.",
                "Afternoon sessions first; an alarm and a text from Sam on the day.",
                ((-100, OPEN, ""),),
            ),
        ),
        contacts=(
            Contact(-140, MEETING, 50, "First meeting. Kieran played me three of his tracks. They're good."),
            Contact(-98, MEETING, 40, "Wrote the email to Soundhouse together. He pressed send himself."),
            Contact(-41, CALL, 15, "Kieran didn't make the open session; he slept through. He wants to try again.", "Text him on the morning of the next session."),
        ),
    ),
    Story(
        name="Femi",
        pronouns="they/them",
        born=dt.date(1987, 8, 5),
        keyworker="priya",
        started=-760,
        local_id="RV-1007",
        phone="07700 900107",
        what_matters=(
            "Running, and the people at the club. When I stopped going I stopped everything. "
            "I want my Saturday mornings back."
        ),
        history=(
            Change(ACTIVE, -740),
            Change(MOVING_ON, -420, "Running with the club most weeks; Femi feels ready."),
            Change(
                MOVED_ON,
                -360,
                "Running with Millbrook Harriers and happy to carry on without us.",
                destination="beyond_services",
                plan="Keep running on Tuesdays and Saturdays. Call the team if things get hard.",
            ),
            Change(ACTIVE, -55, "Femi got in touch after a hard winter and asked to come back."),
        ),
        interests=(
            (USED_TO, "Parkrun every Saturday", ("sport-and-movement",)),
            (USED_TO, "Millbrook Harriers on Tuesday nights", ("sport-and-movement", "social-groups")),
            (DO_NOW, "Walking the dog on the common", ("animals", "nature-and-gardening")),
            (WOULD_LIKE, "Marshalling at parkrun", ("volunteering", "sport-and-movement")),
        ),
        skills=(("Pacing new runners (Femi was a run leader for a while)", True),),
        goals=(
            Goal(
                "Run 5k without stopping.",
                PERSON,
                agreed=-700,
                review=-600,
                status=ACHIEVED,
                interest=0,
                steps=(
                    Step("Walk-run round the common three times a week", PERSON, DONE, -680),
                    Step("Go to parkrun and walk it", PERSON, DONE, -650),
                    Step("Join the Harriers' beginners' group", PERSON, DONE, -600),
                    Step("Run the whole 5k", PERSON, DONE, -560),
                ),
            ),
            Goal(
                "Get back to parkrun, even if I walk it.",
                PERSON,
                agreed=-50,
                review=25,
                interest=0,
                barrier=0,
                steps=(
                    Step("Get the running shoes out and go round the common once", PERSON, DONE, -40),
                    Step("Message Kemi from the Harriers", PERSON, DONE, -35),
                    Step("Go to parkrun with Priya and walk it", TOGETHER, TO_DO, 4),
                    Step("Ask about marshalling one week", PERSON, TO_DO, 30),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "low-mood-or-motivation",
                "Getting out of the door in the morning.",
                "Small starts; go with someone; no guilt about walking.",
                ((-50, OPEN, "The winter was hard and Femi has barely been out."),),
            ),
        ),
        contacts=(
            Contact(-430, MEETING, 45, "Talked about moving on. Femi feels ready: the club is where their friends are now."),
            Contact(-360, MEETING, 30, "Last planned meeting. Went through the moving-on plan and who to call."),
            Contact(-55, CALL, 30, "Femi rang and asked to come back. Welcomed back; meeting booked."),
            Contact(-48, MEETING, 60, "A long talk about the winter. Femi wants parkrun back first."),
            Contact(-16, MEETING, 40, "Femi has been round the common twice, and Kemi from the Harriers messaged back.", met="Kemi"),
        ),
    ),
    Story(
        name="Rosa",
        pronouns="she/her",
        born=dt.date(1969, 3, 8),
        keyworker="sam",
        started=-620,
        local_id="RV-1008",
        what_matters=(
            "Feeling part of something. At the food bank I'm Rosa who knows where everything goes, "
            "not Rosa with the diagnosis."
        ),
        history=(
            Change(ACTIVE, -600),
            Change(
                MOVING_ON,
                -30,
                "Volunteering three days a week at the food bank; ready for less support.",
                destination="lower_support",
                plan=(
                    "A monthly call with Sam for three months, then the wellbeing worker at the "
                    "GP practice. Keep Tuesdays and Thursdays at the food bank. Call the team if "
                    "things slip."
                ),
            ),
        ),
        interests=(
            (DO_NOW, "Volunteering at the Riverside food bank", ("volunteering",)),
            (DO_NOW, "Quiz night at the Red Lion with the food bank lot", ("social-groups",)),
            (USED_TO, "Line dancing", ("sport-and-movement", "music")),
        ),
        skills=(("Organising a stock room", True),),
        goals=(
            Goal(
                "Volunteer at the food bank.",
                PERSON,
                agreed=-520,
                review=-400,
                status=ACHIEVED,
                interest=0,
                steps=(
                    Step("Go and see the food bank on a quiet morning", TOGETHER, DONE, -500),
                    Step("Fill in the volunteer form", PERSON, DONE, -480),
                    Step("Do one shift a week for a month", PERSON, DONE, -430),
                ),
            ),
            Goal(
                "Plan how I'll keep going once the team steps back.",
                TOGETHER,
                agreed=-30,
                review=60,
                steps=(
                    Step("Write down who I'd call if things got hard", TOGETHER, DONE, -25),
                    Step("Meet the wellbeing worker at the GP practice", TOGETHER, TO_DO, 21),
                    Step("A monthly phone call with Sam", TOGETHER, DOING, 30),
                ),
            ),
        ),
        barriers=(
            Barrier(
                "stigma-from-others",
                "Worrying the other volunteers will treat her differently.",
                "Rosa decides what she shares, and when.",
                (
                    (-500, OPEN, ""),
                    (-450, ADDRESSING, "Talked through what she might say if asked."),
                    (-380, RESOLVED, "It hasn't come up, and Rosa has stopped worrying about it."),
                ),
            ),
        ),
        contacts=(
            Contact(-500, VISIT, 60, "Visited the food bank on a quiet morning. Rosa reorganised a shelf without being asked.", went_along=True, met="Jean (coordinator)"),
            Contact(-90, MEETING, 45, "Rosa talked about moving on for the first time. Not yet, but soon."),
            Contact(-30, MEETING, 60, "Moving-on meeting. We wrote the plan together and Rosa chose the date."),
        ),
    ),
    Story(
        name="Graham",
        pronouns="he/him",
        born=dt.date(1957, 12, 1),
        keyworker="jo",
        started=-700,
        local_id="RV-1009",
        what_matters=(
            "Fresh air with people who don't ask too many questions. Walking, my allotment, and "
            "a pint after."
        ),
        history=(
            Change(ACTIVE, -690),
            Change(
                MOVING_ON,
                -14,
                "Walking twice a week and the allotment; Graham wants fewer appointments.",
                destination="lower_support",
                plan="Carry on with the Ramblers and the allotment; a call every six weeks.",
            ),
        ),
        interests=(
            (DO_NOW, "Riverside Ramblers, Wednesdays and Sundays", ("sport-and-movement", "nature-and-gardening", "social-groups")),
            (DO_NOW, "A shared allotment plot with Brian", ("nature-and-gardening",)),
            (USED_TO, "Bird watching with my dad", ("nature-and-gardening", "animals")),
        ),
        skills=(("Knows every footpath between here and Millbrook", True),),
        goals=(
            Goal(
                "Walk with the Ramblers every week.",
                PERSON,
                agreed=-650,
                review=-560,
                status=ACHIEVED,
                interest=0,
                steps=(
                    Step("Go on a short Sunday walk together", TOGETHER, DONE, -630),
                    Step("Buy proper walking boots", PERSON, DONE, -620),
                    Step("Go on a Wednesday walk alone", PERSON, DONE, -590),
                ),
            ),
            Goal(
                "Go bird watching at the wetlands with someone.",
                PERSON,
                agreed=-20,
                review=70,
                interest=2,
                steps=(
                    Step("Look up the wetland centre's group walks", PERSON, DONE, -10),
                    Step("Ask Brian if he fancies it", PERSON, TO_DO, 14),
                ),
            ),
        ),
        contacts=(
            Contact(-630, VISIT, 150, "Short Sunday walk with the Ramblers. Graham walked at the back and chatted to Brian about leeks.", went_along=True, met="Brian, Sue"),
            Contact(-14, MEETING, 45, "Talked about moving on. Graham is ready; we agreed a call every six weeks to start with."),
        ),
    ),
    Story(
        name="Leon",
        pronouns="he/him",
        born=dt.date(1979, 5, 17),
        keyworker="chris",
        started=-640,
        local_id="RV-1010",
        what_matters="Work. A reason to get up, and a wage at the end of the week.",
        history=(
            Change(ACTIVE, -630),
            Change(MOVING_ON, -200, "Leon is working and playing football every week."),
            Change(
                MOVED_ON,
                -120,
                "Working part-time at the garden centre and playing five-a-side.",
                destination="beyond_services",
                plan="Carry on at work and football. The door stays open: call the team any time.",
            ),
        ),
        interests=(
            (DO_NOW, "Five-a-side on Mondays", ("sport-and-movement",)),
            (DO_NOW, "Working at the garden centre", ("work-and-training", "nature-and-gardening")),
        ),
        goals=(
            Goal(
                "Get a part-time job.",
                PERSON,
                agreed=-600,
                review=-400,
                status=ACHIEVED,
                steps=(
                    Step("Update my CV with the employment adviser", TOGETHER, DONE, -560),
                    Step("Do a work trial at the garden centre", PERSON, DONE, -420),
                    Step("Start on Tuesdays and Fridays", PERSON, DONE, -380),
                ),
            ),
        ),
        contacts=(
            Contact(-125, MEETING, 40, "Last planned meeting. Leon is doing well at work; we agreed he'll move on."),
        ),
    ),
    Story(
        name="Nadia",
        pronouns="she/her",
        born=dt.date(2006, 7, 22),
        keyworker="sam",
        started=-6,
        local_id="RV-1011",
        what_matters=(
            "I don't really go out since college finished. I'd like to see my friends again "
            "without it being a big thing."
        ),
        interests=((USED_TO, "Photography for my college course", ("arts-and-crafts", "learning")),),
        contacts=(
            Contact(-2, CALL, 15, "Introductory call. Nadia would like to meet at the library rather than at home.", "Meet at the library on Thursday."),
        ),
    ),
    Story(
        name="Owen",
        pronouns="",
        born=None,
        keyworker=None,
        started=-2,
        local_id="RV-1012",
    ),
]
# fmt: on

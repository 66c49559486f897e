# ruff: noqa: E501 (word lists read best one entry a line)
"""The words `cpi demo --people N` builds generated people from. All fictional.

Names are first names only, sometimes with an initial: never a surname.
"""

# fmt: off
SHE = [
    "Aaliyah", "Ada", "Agnieszka", "Aileen", "Amara", "Anjali", "Ayesha", "Beth", "Bronwen",
    "Carys", "Catrin", "Chloe", "Dalia", "Deepa", "Ebony", "Efua", "Elif", "Erin", "Fatima",
    "Fiona", "Gemma", "Gurpreet", "Hafsa", "Hannah", "Ifeoma", "Isla", "Jasmine", "Jodie",
    "Kamala", "Karen", "Kayleigh", "Keisha", "Lauren", "Łucja", "Mairead", "Mariam", "Megan",
    "Morag", "Naomi", "Niamh", "Nkechi", "Parveen", "Rhiannon", "Ruth", "Saanvi", "Sadia",
    "Shona", "Siân", "Simran", "Sinéad", "Stacey", "Wanda", "Wiktoria", "Yasmin", "Zainab",
    "Ann", "Joan", "Maureen", "Pauline", "Sandra", "Tracy", "Valerie", "Olga", "Precious",
]
HE = [
    "Aaron", "Abdul", "Adebayo", "Ahmed", "Aidan", "Amir", "Bashir", "Bilal", "Callum", "Chidi",
    "Ciarán", "Connor", "Dafydd", "Darren", "Dimitri", "Dylan", "Emeka", "Ewan", "Fergus",
    "Gareth", "Hassan", "Imran", "Jamal", "Javed", "Kwame", "Lewis", "Liam", "Malik", "Marek",
    "Mohammed", "Neil", "Oisín", "Olu", "Paolo", "Ravi", "Rory", "Seán", "Tariq", "Tendai",
    "Theo", "Tunde", "Usman", "Vikram", "Yusuf", "Zak", "Barry", "Clive", "Derek", "Kenneth",
    "Terry", "Winston", "Piotr", "Andrzej", "Stelios", "Mehmet", "Darius", "Kofi", "Raj",
]
ANYONE = ["Kai", "Charlie", "Robin", "Jesse", "Frankie", "Ash", "Jamie", "Rowan", "Remi", "Sasha"]
INITIALS = "ABCDEFGHJKLMNOPRSTW"

WHAT_MATTERS = [
    "Having somewhere to be during the day, and people who'd notice if I wasn't there.",
    "Seeing my kids more, and being someone they can rely on.",
    "Getting out of the flat. The days are long and the telly doesn't talk back.",
    "Feeling useful again, like I did when I was working.",
    "Staying well, keeping my home, and one or two good friends.",
    "Being creative. I feel most like me when I'm making something.",
    "My faith, my family, and not being judged.",
    "Getting fit, and some people to do it with.",
    "Learning something new so I can get back to work one day.",
    "Being outdoors. I'm better when I've had fresh air.",
    "Not feeling like the odd one out.",
    "My dog, my garden, and a bit of company now and then.",
]

# (in the person's words, category slugs, a goal it might lead to)
INTERESTS = [
    ("Walking by the river", ("nature-and-gardening", "sport-and-movement"), "Join a walking group that goes along the river."),
    ("Five-a-side football", ("sport-and-movement", "social-groups"), "Play football with a team every week."),
    ("Knitting and crochet", ("arts-and-crafts",), "Find a knitting group to sit in with."),
    ("Singing", ("music",), "Sing with a community choir."),
    ("Playing the guitar", ("music", "learning"), "Play the guitar with other people, not just in my room."),
    ("Baking", ("food-and-cooking",), "Bake something for the coffee morning."),
    ("Online games", ("digital-and-gaming",), "Meet some of the people I game with in real life."),
    ("Reading crime novels", ("reading-and-writing",), "Join a book club."),
    ("The gym", ("sport-and-movement",), "Go to the gym twice a week."),
    ("Fishing at the reservoir", ("nature-and-gardening",), "Join the angling club."),
    ("Helping at a charity shop", ("volunteering",), "Volunteer one morning a week."),
    ("Church on Sundays", ("faith-and-belief", "social-groups"), "Go back to church and stay for coffee after."),
    ("Photography", ("arts-and-crafts", "digital-and-gaming"), "Go on a photo walk with a camera club."),
    ("Local history", ("heritage-and-local-history", "learning"), "Go on one of the history society's walks."),
    ("Looking after my dog", ("animals",), "Meet other dog walkers in the park."),
    ("Swimming", ("sport-and-movement",), "Swim lengths every week."),
    ("Cooking for friends", ("food-and-cooking", "social-groups"), "Cook at the community meal."),
    ("Quiz nights", ("social-groups",), "Be on a quiz team at the pub."),
    ("Growing vegetables", ("nature-and-gardening",), "Get a share of an allotment."),
    ("Pottery", ("arts-and-crafts", "learning"), "Try a pottery taster class."),
    ("Learning Spanish", ("learning",), "Go to a language café."),
    ("Dancing", ("sport-and-movement", "music"), "Go to a dance class."),
    ("A peer support group", ("peer-support", "social-groups"), "Go to the peer support group regularly."),
    ("Computers", ("digital-and-gaming", "learning"), "Do a computer course at the library."),
    ("The cinema", ("film-and-performance",), "Go to the community cinema club."),
    ("Acting", ("film-and-performance", "social-groups"), "Join the amateur dramatics group."),
    ("Writing poems", ("reading-and-writing", "arts-and-crafts"), "Read a poem at an open mic night."),
    ("Bird watching", ("nature-and-gardening", "animals"), "Go on a guided bird walk."),
    ("Coffee mornings", ("social-groups",), "Go to a coffee morning on my own."),
    ("Chess", ("social-groups", "learning"), "Play chess at the club."),
    ("Yoga", ("sport-and-movement",), "Go to a beginners' yoga class."),
    ("Cycling", ("sport-and-movement", "nature-and-gardening"), "Go on a group bike ride."),
    ("Working in a café", ("work-and-training", "food-and-cooking"), "Do work experience in a café."),
    ("Caring for animals", ("animals", "volunteering"), "Volunteer at the city farm."),
]

OTHER_GOALS = [
    "Feel less on my own at the weekends.",
    "Get out of the flat three times a week.",
    "Make one new friend.",
    "Get back in touch with my brother.",
    "Have a routine that includes something I enjoy.",
    "Sort out my money so I can afford to go out.",
]

# (what, who does it)
STEPS = [
    ("Find out when and where it happens", "worker"),
    ("Look at it online together", "together"),
    ("Ring them to ask about cost and access", "person"),
    ("Go along together the first time", "together"),
    ("Go on my own", "person"),
    ("Go three weeks in a row", "person"),
    ("Tell someone there my name", "person"),
    ("Work out the bus route", "together"),
    ("Check what to wear or bring", "person"),
    ("Ask a friend to come too", "person"),
    ("Apply for the reduced rate", "worker"),
    ("Meet the organiser for a chat first", "together"),
    ("Fill in the joining form", "person"),
    ("Get a lift sorted with community transport", "someone_else"),
    ("Write down how it went", "person"),
]

SKILLS = [
    "Fixing bikes", "Cooking on a budget", "Knitting", "Computers and phones", "Gardening",
    "Playing the guitar", "Speaking Polish", "Speaking Urdu", "Haircutting", "Maths",
    "Painting and decorating", "First aid", "Drawing", "Fixing phones", "Sewing",
]

# Barrier type slug → (what it gets in the way of, the plan)
BARRIERS = {
    "confidence": ("Going somewhere new on their own.", "Go together the first time, then on their own."),
    "trying-new-things": ("Saying yes to something unfamiliar.", "Start with something close to what they already enjoy."),
    "self-stigma": ("Believing groups are 'not for people like me'.", "Talk it through; meet someone with lived experience who goes."),
    "stigma-from-others": ("Feeling judged by neighbours.", "Choose where to start; decide together what to share."),
    "worry-about-groups": ("Walking into a room full of people.", "Go early, sit near the door, and agree a way to leave."),
    "low-mood-or-motivation": ("Getting going in the mornings.", "Afternoon activities first; a text on the day."),
    "money": ("Paying for activities and bus fares.", "Benefits check; free activities first; ask about reduced rates."),
    "time": ("Fitting things round shifts.", "Look for evening and weekend sessions."),
    "transport-or-distance": ("Getting across town.", "Bus pass application; community transport."),
    "caring-responsibilities": ("Being away from home while caring for family.", "Carer's assessment; ask family to share the caring."),
    "external-relationships": ("A partner who doesn't like them going out.", "Talk safely about it; plan activities that feel safe."),
    "physical-health-or-access": ("Stairs and standing for long.", "Check access before going; pick venues with seats and lifts."),
    "digital-access": ("Booking things online.", "Library computer sessions; a loan tablet."),
    "language": ("Following fast conversation.", "Conversation group; bring a friend who speaks their language."),
}

# Contact kind → what might have happened
CONTACTS = {
    "meeting": [
        "Met at the café and went through the plan together.",
        "Catch-up at home. Talked about the week and what went well.",
        "Met at the library. Looked at what's on this month.",
        "Review of the goals together; agreed the next steps.",
        "Talked about what's been hard lately and what might help.",
    ],
    "accompanied_visit": [
        "Went along together to the group. Stayed for the whole session.",
        "Went to look at the venue together before the first session.",
        "First visit together. Met the organiser, who was welcoming.",
    ],
    "phone_or_video": [
        "Quick call to check in.",
        "Rang to rearrange next week's meeting.",
        "Call about the bus pass application.",
        "Checked how the first session on their own went.",
    ],
    "group_session": [
        "Came to the team's Wednesday walking group.",
        "Joined the team's cooking session.",
    ],
    "other": ["Sent a text with the details of the group."],
}
PEOPLE_MET = ["", "", "", "Pat", "Sue (organiser)", "Dev, Amy", "Kofi", "Bev", "Joan", "Raj, Helen"]
# fmt: on

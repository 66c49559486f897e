from django.db import migrations

CATEGORIES = [
    ("arts-and-crafts", "Arts and crafts", "Painting, drawing, making, sewing, photography"),
    ("music", "Music", "Listening, singing, playing, choirs, gigs"),
    ("sport-and-movement", "Sport and movement", "Football, swimming, gym, dance, yoga"),
    ("nature-and-gardening", "Nature and gardening", "Gardens, allotments, parks, walking"),
    ("learning", "Learning and courses", "Classes, college, languages, libraries"),
    ("volunteering", "Volunteering", "Giving time, helping out, community projects"),
    ("faith-and-belief", "Faith and belief", "Places of worship, faith groups, meditation"),
    ("peer-support", "Peer support", "Groups run by people with lived experience"),
    ("social-groups", "Social groups and clubs", "Coffee mornings, clubs, meet-ups"),
    ("food-and-cooking", "Food and cooking", "Cooking, baking, community meals"),
    ("digital-and-gaming", "Digital and gaming", "Computers, games, online communities"),
    ("work-and-training", "Work and training", "Jobs, work experience, training"),
    ("animals", "Animals", "Pets, animal care, farms, wildlife"),
    ("reading-and-writing", "Reading and writing", "Book clubs, creative writing, poetry"),
    ("film-and-performance", "Film, theatre and performance", "Cinema, drama, comedy"),
    ("heritage-and-local-history", "Heritage and local history", "Museums, history groups"),
]


def add_categories(apps, schema_editor):
    InterestCategory = apps.get_model("taxonomy", "InterestCategory")
    for position, (slug, name, description) in enumerate(CATEGORIES, start=1):
        InterestCategory.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]

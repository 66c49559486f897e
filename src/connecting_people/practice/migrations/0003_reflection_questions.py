"""The reflection's areas and the questions every organisation starts with, from the data file
beside the reflection's models (practice/reflection/questions.json)."""

import json
from pathlib import Path

from django.db import migrations

QUESTIONS = Path(__file__).resolve().parent.parent / "reflection" / "questions.json"


def add_questions(apps, schema_editor):
    Area = apps.get_model("practice", "ReflectionArea")
    Question = apps.get_model("practice", "ReflectionQuestion")
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    for area_position, item in enumerate(data["areas"], start=1):
        area, _ = Area.objects.update_or_create(
            key=item["key"],
            defaults={
                "name": item["name"],
                "summary": item["summary"],
                "position": area_position * 10,
            },
        )
        for position, text in enumerate(item["questions"], start=1):
            Question.objects.get_or_create(
                area=area, organisation=None, text=text, defaults={"position": position * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_practice_reflection")]
    operations = [migrations.RunPython(add_questions, migrations.RunPython.noop)]

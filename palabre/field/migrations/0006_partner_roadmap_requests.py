from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("field", "0005_intervention_person_and_followup")]

    operations = []

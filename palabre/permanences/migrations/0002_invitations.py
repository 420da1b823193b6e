from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("permanences", "0001_initial")]

    operations = []

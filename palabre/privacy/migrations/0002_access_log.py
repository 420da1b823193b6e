from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = []

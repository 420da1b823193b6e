from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = []

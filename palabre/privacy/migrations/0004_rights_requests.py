from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_retention")]

    operations = []

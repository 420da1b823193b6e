from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_access_log")]

    operations = []

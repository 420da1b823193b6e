from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_time_limits")]

    operations = []

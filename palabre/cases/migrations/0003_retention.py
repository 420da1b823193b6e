from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_referrer_landlord_residence")]

    operations = []

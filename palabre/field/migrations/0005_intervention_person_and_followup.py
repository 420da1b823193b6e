from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("field", "0004_shift_reports_and_safety")]

    operations = []

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("field", "0006_partner_roadmap_requests")]

    operations = []

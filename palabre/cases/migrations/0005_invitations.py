from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_encrypted_text")]

    operations = []

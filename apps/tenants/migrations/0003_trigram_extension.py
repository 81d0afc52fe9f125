"""pg_trgm for fuzzy search over parties and products, installed once, in the public schema.

Tenant apps build trigram indexes on it; their schemas reach `public` through the search_path.
A tenant app's own CreateExtension would install it in whichever schema migrates first.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tenants", "0002_slug_label")]

    operations = [
        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", reverse_sql=migrations.RunSQL.noop),
    ]

"""Error views for both URL confs: the API's error body on /api/ paths, HTML pages elsewhere."""

handler400 = "apps.core.views.bad_request"
handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"

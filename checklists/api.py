"""Public JSON of the programme register's contact part (the directory builds on it)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from checklists import selectors
from checklists.models import County


@require_GET
def programmes_api(request):
    code = request.GET.get("lan", "").strip().upper()
    if code and (len(code) > 2 or not County.objects.filter(code=code).exists()):
        return JsonResponse(
            {"error": _("Okänd länsbokstav. Använd t.ex. AB för Stockholms län.")}, status=400
        )
    return JsonResponse({"results": selectors.programmes_public(county_code=code or None)})

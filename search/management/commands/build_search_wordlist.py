from collections import Counter

from django.core.management.base import BaseCommand

from search import analysis
from search.language import WORDLIST
from search.models import SearchDocument

HEADER = """\
# Ordlista för sökningens uppdelning av sammansatta ord (search.language).
# Skapad av `manage.py build_search_wordlist` från portalens innehåll: varje ord (utan å, ä, ö)
# som förekommer minst två gånger. Bygg om den när innehållet har ändrats mycket.
"""


class Command(BaseCommand):
    help = "Skriver search/data/ordlista.txt från sökdokumenten."

    def add_arguments(self, parser):
        parser.add_argument("--min-count", type=int, default=2)

    def handle(self, *args, min_count=2, **options):
        counts: Counter[str] = Counter()
        for row in SearchDocument.objects.filter(language="sv").values_list(
            "title", "keywords", "summary", "body"
        ):
            for text in row:
                counts.update(analysis.fold(t) for t in analysis.tokenize(text))
        words = sorted(
            w
            for w, n in counts.items()
            if n >= min_count and len(w) >= 3 and w.isalpha() and not analysis.is_stopword(w)
        )
        WORDLIST.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(words)} ord skrivna till {WORDLIST}.")

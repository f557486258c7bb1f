"""Vocabularies of the guidance content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    ORDINANCE = "forordning", _("Förordning")
    BULLETIN = "meddelandeblad", _("Meddelandeblad")
    BILL = "proposition", _("Proposition")
    REPORT = "rapport", _("Rapport")
    ANNUAL_REPORT = "arsrapport", _("Årsrapport")
    STUDY = "studie", _("Studie")
    LAW = "lag", _("Lag")
    REGULATIONS = "foreskrift", _("Föreskrifter")
    COMMITTEE_REPORT = "betankande", _("Betänkande")
    WEB_PAGE = "webbsida", _("Webbsida")


class RuleTopic(models.TextChoices):
    GRANT_CONDITIONS = "villkor", _("Villkor för statsbidrag")
    TARGET_GROUP = "malgrupp", _("Målgrupp")
    TASKS = "arbetsuppgifter", _("Arbetsuppgifter")
    LIMITS = "avgransningar", _("Avgränsningar")
    ATTITUDES = "forhallningssatt", _("Förhållningssätt")
    LEADERSHIP = "ledning", _("Ledning och styrning")
    RECRUITMENT = "rekrytering", _("Rekrytering")
    USER_ORGANISATIONS = "brukarorganisationer", _("Brukarorganisationer")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")


class RuleSetStatus(models.TextChoices):
    IN_FORCE = "galler", _("Gäller")
    REPLACED = "ersatt", _("Ersatt")
    UNKNOWN = "okand", _("Okänd status")


class Force(models.TextChoices):
    MUST = "ska", _("ska")
    SHOULD = "bor", _("bör")
    MAY = "kan", _("kan")


class RoleAttributeKind(models.TextChoices):
    LEGAL_BASIS = "legal_basis", _("Lagrum")
    APPOINTED_BY = "appointed_by", _("Vem beslutar eller utser")
    DECISION = "decision", _("Krävs ansökan eller beslut?")
    PROFESSIONAL = "professional", _("Yrkesperson eller lekman")
    REPRESENTATION = "representation", _("Kan företräda personen juridiskt?")
    WITHOUT_CONSENT = "without_consent", _("Kan agera utan personens samtycke?")
    TASKS = "tasks", _("Typiska uppgifter")
    RELATION_TO_PO = "relation_to_po", _("Gränsdragning mot personligt ombud")


class DeficiencyLevel(models.TextChoices):
    MEETING = "mote", _("I mötet med klienten eller handläggaren")
    LOCAL = "lokal", _("Lokal nivå")
    NATIONAL = "nationell", _("Nationell nivå")


class DeficiencyActor(models.TextChoices):
    SOCIAL_SERVICES = "socialtjanst", _("Socialtjänsten")
    HEALTH_CARE = "halso-och-sjukvard", _("Hälso- och sjukvården")
    SOCIAL_INSURANCE = "forsakringskassan", _("Försäkringskassan")
    EMPLOYMENT_SERVICE = "arbetsformedlingen", _("Arbetsförmedlingen")
    OTHER = "ovriga", _("Övriga aktörer")


class ReadingLevel(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EASY = "lattlast", _("Lättläst")

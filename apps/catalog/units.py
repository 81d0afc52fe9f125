"""Units of measure as invoices carry them: UN/ECE Recommendation 20 codes, plus Rec 21 packaging
codes with the "X" prefix, which is the code list EN 16931 prescribes for the quantity's unit code.

Only codes in wide use on invoices are offered; the e-invoice exports pass the code through as is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    ONE = "C62", _("one (piece)")
    PIECE = "H87", _("piece")
    EACH = "EA", _("each")
    SET = "SET", _("set")
    PAIR = "PR", _("pair")
    PACKAGE = "XPK", _("package")
    BOX = "XBX", _("box")
    ROLL = "XRO", _("roll")
    LUMP_SUM = "LS", _("lump sum")
    SERVICE_UNIT = "E48", _("service unit")
    PERCENT = "P1", _("percent")
    MINUTE = "MIN", _("minute")
    HOUR = "HUR", _("hour")
    DAY = "DAY", _("day")
    WEEK = "WEE", _("week")
    MONTH = "MON", _("month")
    YEAR = "ANN", _("year")
    GRAM = "GRM", _("gram")
    KILOGRAM = "KGM", _("kilogram")
    TONNE = "TNE", _("tonne")
    MILLILITRE = "MLT", _("millilitre")
    LITRE = "LTR", _("litre")
    MILLIMETRE = "MMT", _("millimetre")
    CENTIMETRE = "CMT", _("centimetre")
    METRE = "MTR", _("metre")
    KILOMETRE = "KMT", _("kilometre")
    SQUARE_METRE = "MTK", _("square metre")
    CUBIC_METRE = "MTQ", _("cubic metre")
    KILOWATT_HOUR = "KWH", _("kilowatt hour")

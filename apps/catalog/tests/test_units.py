from apps.catalog.units import Unit


def test_units_are_unique_rec20_style_codes_with_labels():
    assert len(set(Unit.values)) == len(Unit.values)
    assert all(code.isupper() or code[:1].isdigit() for code in Unit.values)
    assert all(1 < len(code) <= 3 for code in Unit.values)
    assert all(str(label) for label in Unit.labels)


def test_the_codes_invoices_use_most_are_there():
    assert {"C62", "H87", "HUR", "DAY", "KGM", "LTR", "MTR", "KWH", "LS", "E48", "XBX"} <= set(Unit.values)
    assert Unit.HOUR.label == "hour"

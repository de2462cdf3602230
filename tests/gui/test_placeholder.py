from __future__ import annotations




def test_window_opens_with_an_accessible_label(qtbot):
    from PySide6.QtWidgets import QLabel

    from auditor.gui.app import build_window

    window = build_window()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("Inclusion Auditor")
    label = window.centralWidget()
    assert isinstance(label, QLabel)
    assert label.accessibleName() == "About Inclusion Auditor"
    assert "inclusion-audit run" in label.text()

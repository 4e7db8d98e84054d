"""Pure report rendering: HTML, PDF (WeasyPrint), DOCX (python-docx), charts and APA citations.

Never imports Django: callers hand it a ReportData built from whatever store they use.
"""

"""Tasks in and out of other formats: Excel export, template and import; iCalendar feeds."""

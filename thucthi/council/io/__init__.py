"""The council's record in and out of other formats: the voting system's file, the Decree 30/2020 document, open data."""

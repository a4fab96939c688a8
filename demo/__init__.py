"""Demo content: the organisation, people, meetings and memos described in KL's memo of 19 January 2009."""

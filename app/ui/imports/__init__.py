"""Import screen: bring registers from other systems in, and export cases for re-entry."""

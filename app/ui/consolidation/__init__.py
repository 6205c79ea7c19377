"""«Tổng hợp báo cáo đơn vị»: the chief adds up the report packages of the subordinate units."""

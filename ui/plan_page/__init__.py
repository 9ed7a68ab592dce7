"""The 計畫基本資料與段落 tab: plan fields, sections, table columns and milestones."""

"""The Qt desktop interface of 提升服務計畫編輯器."""

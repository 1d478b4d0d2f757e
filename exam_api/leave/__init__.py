"""Leave requests (请假) and attendance events (迟到、早退、旷工、工牌未佩戴)."""

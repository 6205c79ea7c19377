"""«Cuộc gọi chưa ghi nhận»: the duty phone's calls and SMS with no case in the register."""

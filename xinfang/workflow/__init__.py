"""The statutory procedure (《信访工作条例》): disposal, acceptance, handling, answer, review,
re-review and termination, with holiday-aware clocks, reminders (催办) and supervision (督办)."""

"""Rule governance: exemptions (白名单/豁免), shadow mode (试运行) and fire-rate drift (命中率突变)."""

/** Debian's Chromium for the browser tests, started the way this machine needs it. */
import { chromium } from 'playwright-core';

/** Headless, no sandbox (root), and no background networking: the machine has no internet. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = () =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

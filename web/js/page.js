// Pages whose content the server renders whole and that change with nothing (not found): the header only.
import { initPage } from './common.js';

initPage();

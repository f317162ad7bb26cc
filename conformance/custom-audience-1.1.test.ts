import { describeApiOnMock } from "./support/vitest-suite.js";

describeApiOnMock("custom-audience-1.1");

import { describeApiOnMock } from "./support/vitest-suite.js";

describeApiOnMock("audience-2");

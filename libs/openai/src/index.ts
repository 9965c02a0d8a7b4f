// @tessera/openai: ChatOpenAI and its helpers arrive with the next issues; this package builds and publishes empty until then.
export {};

#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| certchain_fuzz::revocation(data));

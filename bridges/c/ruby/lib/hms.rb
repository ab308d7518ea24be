# frozen_string_literal: true

# HMS is the Ruby face of hms, an OTP-style supervision runtime for Crohn's
# disease treatment research: call its actors, query the tree's health and
# serve an agent mailbox, on a runtime embedded in this process or on a
# running hmsd. It loads the C ABI of bridges/c (libhms.so) with Fiddle
# from the standard library; every native call releases the GVL and takes
# a timeout (Ruby's Timeout cannot interrupt a native call).
#
#   rt = HMS::Runtime.start                      # or HMS::Runtime.connect(url, token: t)
#   rt.verify_treatment_plan(plan, patient)      # => Hash, one verdict per property
#   rt.close
#
# Research and simulation software, not medical advice.

require 'fiddle'
require 'json'

module HMS
  # The library: $HMS_LIB, else target/release/libhms.so of this checkout.
  LIB_PATH = ENV.fetch('HMS_LIB') { File.expand_path('../../../../target/release/libhms.so', __dir__) }

  # Raised by every call; one subclass per error kind (HMS::TimeoutError, ...).
  class Error < StandardError
    attr_reader :kind

    def initialize(kind, message)
      @kind = kind
      super(message)
    end
  end

  KINDS = {
    1 => :validation, 2 => :not_found, 3 => :timeout, 4 => :actor_down, 5 => :overloaded,
    6 => :unauthorized, 7 => :shutdown, 8 => :internal, 9 => :forked, 10 => :unavailable
  }.freeze

  ERRORS = KINDS.to_h do |code, kind|
    name = "#{kind.to_s.split('_').map(&:capitalize).join}Error"
    [code, const_set(name, Class.new(Error))]
  end.freeze

  CODES = KINDS.invert.freeze

  # The C functions, bound once.
  module Native
    V = Fiddle::TYPE_VOIDP
    I = Fiddle::TYPE_INT
    # Fiddle 1.1 (Ruby 3.1) spells unsigned types as negated signed ones.
    U32 = -Fiddle::TYPE_INT32_T
    U64 = -Fiddle::TYPE_INT64_T
    VOID = Fiddle::TYPE_VOID

    begin
      LIB = Fiddle.dlopen(LIB_PATH)
    rescue Fiddle::DLError => e
      raise LoadError, "hms: cannot load #{LIB_PATH} (build it with cargo build --release -p hms-c, " \
                       "or set HMS_LIB): #{e.message}"
    end

    def self.bind(name, args, ret = I)
      # need_gvl: false (the default) releases the GVL for the call.
      Fiddle::Function.new(LIB[name.to_s], args, ret, need_gvl: false)
    end

    ABI_VERSION = bind(:hms_abi_version, [])
    # Frees never block: no need to release the GVL for them.
    STRING_FREE = Fiddle::Function.new(LIB['hms_string_free'], [V], VOID, need_gvl: true)
    RUNTIME_START = bind(:hms_runtime_start, [V, U32, V, V])
    RUNTIME_CONNECT_NODE = bind(:hms_runtime_connect_node, [V, V, V, U32, V, V])
    RUNTIME_STOP = bind(:hms_runtime_stop, [V, U32, V])
    RUNTIME_FREE = bind(:hms_runtime_free, [V], VOID)
    CALL = bind(:hms_call, [V, V, V, U32, V, V])
    CAST = bind(:hms_cast, [V, V, V, V])
    HEALTH = bind(:hms_health, [V, U32, V, V])
    COORDINATE = bind(:hms_coordinate, [V, V, V, U32, V, V])
    VERIFY = bind(:hms_verify_treatment_plan, [V, V, V, U32, V, V])
    SIMULATE = bind(:hms_simulate_treatment_outcome, [V, V, V, U32, U64, U32, V, V])
    MAILBOX_OPEN = bind(:hms_mailbox_open, [V, V, U32, V, V])
    MAILBOX_RECV = bind(:hms_mailbox_recv, [V, U32, V, V, V])
    MAILBOX_REPLY = bind(:hms_mailbox_reply, [V, U64, V, V])
    MAILBOX_FAIL = bind(:hms_mailbox_fail, [V, U64, I, V, V])
    MAILBOX_CLOSE = bind(:hms_mailbox_close, [V, U32, V])
    MAILBOX_FREE = bind(:hms_mailbox_free, [V], VOID)

    module_function

    # A NUL-terminated copy for the library. The GC does not move it (no
    # compaction runs while it is an argument on the stack), and nothing
    # else can reach it while the GVL is released.
    def cstr(text)
      text = text.to_s
      raise HMS::ValidationError.new(:validation, 'validation: a string holds a NUL byte') if text.include?("\0")

      "#{text}\0".b
    end

    # An out-parameter: eight bytes the library writes a pointer or an id into.
    def slot
      ZERO8.dup
    end
    ZERO8 = ("\0" * 8).b.freeze

    def address(slot)
      slot.unpack1('J')
    end

    # Copies and frees a string the library returned.
    def take(slot)
      addr = address(slot)
      return nil if addr.zero?

      ptr = Fiddle::Pointer.new(addr)
      text = ptr.to_s.force_encoding(Encoding::UTF_8)
      STRING_FREE.call(ptr)
      text
    end

    # Raises the error for a status (nothing for 0).
    def check(status, err)
      message = take(err)
      return if status.zero?

      klass = HMS::ERRORS.fetch(status, HMS::InternalError)
      raise klass.new(HMS::KINDS.fetch(status, :internal), message || "status #{status}")
    end
  end

  def self.abi_version = Native::ABI_VERSION.call
  ABI_VERSION = 1

  def self.ms(seconds) = [(seconds * 1000).ceil, 1].max.clamp(1, 2**31)

  def self.json(value) = value.is_a?(String) ? value : JSON.generate(value)

  # Hands out the native pointer to calls while the handle is open; close
  # waits for calls in flight, so no call ever sees a freed handle.
  class Handle
    def initialize(ptr, free)
      @ptr = ptr
      @free = free
      @lock = Mutex.new
      @idle = ConditionVariable.new
      @in_flight = 0
      @closing = false
    end

    def use
      @lock.synchronize do
        raise HMS::ShutdownError.new(:shutdown, 'shutdown: the handle is closed') if @closing

        @in_flight += 1
      end
      begin
        yield @ptr
      ensure
        @lock.synchronize do
          @in_flight -= 1
          @idle.broadcast if @in_flight.zero?
        end
      end
    end

    # Refuses new calls, waits for those in flight, runs the final native
    # call (stop or close), then frees; idempotent.
    def finish
      ptr = @lock.synchronize do
        return if @closing

        @closing = true
        @idle.wait(@lock) while @in_flight.positive?
        @ptr
      end
      begin
        yield ptr
      ensure
        @ptr = nil
        @free.call(ptr)
      end
    end
  end

  # An embedded application, or a connection to hmsd. Safe to share between threads.
  class Runtime
    # Starts an application in this process from TOML ("" runs the embedded default).
    def self.start(config_toml = '', timeout: 30)
      out = Native.slot
      err = Native.slot
      Native.check(Native::RUNTIME_START.call(Native.cstr(config_toml), HMS.ms(timeout), out, err), err)
      new(Native.address(out))
    end

    # Connects to a running hmsd at url with a bearer token ("" for none).
    # With node:, every call runs on that node of the daemon's cluster.
    def self.connect(url, token: '', node: nil, timeout: 30)
      out = Native.slot
      err = Native.slot
      status = Native::RUNTIME_CONNECT_NODE.call(Native.cstr(url), Native.cstr(token), Native.cstr(node || ''),
                                                 HMS.ms(timeout), out, err)
      Native.check(status, err)
      new(Native.address(out))
    end

    def initialize(address)
      @handle = Handle.new(Fiddle::Pointer.new(address), Native::RUNTIME_FREE)
    end

    # Calls actor with a message (a Hash, or JSON text) and returns its reply.
    def call(actor, message, timeout: 30)
      text_call(Native::CALL, Native.cstr(actor), Native.cstr(HMS.json(message)), HMS.ms(timeout))
    end

    # Sends actor a message without waiting for its reply.
    def cast(actor, message)
      err = Native.slot
      @handle.use do |ptr|
        Native.check(Native::CAST.call(ptr, Native.cstr(actor), Native.cstr(HMS.json(message)), err), err)
      end
      nil
    end

    def health(timeout: 30) = text_call(Native::HEALTH, HMS.ms(timeout))

    # coordinate_components: restart, stop, start, inject_fault, clear_faults,
    # route, list_children or monitor_health (on a daemon: needs the token).
    def coordinate(command, payload = {}, timeout: 30)
      text_call(Native::COORDINATE, Native.cstr(command), Native.cstr(HMS.json(payload)), HMS.ms(timeout))
    end

    # One verdict per safety property, each with its evidence and source.
    def verify_treatment_plan(plan, patient, timeout: 30)
      text_call(Native::VERIFY, Native.cstr(HMS.json(plan)), Native.cstr(HMS.json(patient)), HMS.ms(timeout))
    end

    # One patient's chance of remission at week 52, the 95% interval of that
    # chance from the published estimates, and every drug's risks; seeded.
    def simulate_treatment_outcome(patient, plan, n: 10_000, seed: 0, timeout: 30)
      text_call(Native::SIMULATE, Native.cstr(HMS.json(patient)), Native.cstr(HMS.json(plan)), n, seed,
                HMS.ms(timeout))
    end

    def open_mailbox(name, timeout: 30)
      out = Native.slot
      err = Native.slot
      @handle.use do |ptr|
        Native.check(Native::MAILBOX_OPEN.call(ptr, Native.cstr(name), HMS.ms(timeout), out, err), err)
      end
      Mailbox.new(name, Native.address(out))
    end

    # Stops the embedded tree (or closes the connection) and frees the handle; idempotent.
    def close(timeout: 30)
      err = Native.slot
      @handle.finish { |ptr| Native.check(Native::RUNTIME_STOP.call(ptr, HMS.ms(timeout), err), err) }
      nil
    end

    private

    # A call whose last two arguments are the result and the error slots.
    def text_call(function, *args)
      out = Native.slot
      err = Native.slot
      @handle.use { |ptr| Native.check(function.call(ptr, *args, out, err), err) }
      JSON.parse(Native.take(out))
    end
  end

  Message = Struct.new(:id, :body)

  # An agent mailbox this program serves: actors reach it by name.
  class Mailbox
    attr_reader :name

    def initialize(name, address)
      @name = name
      @handle = Handle.new(Fiddle::Pointer.new(address), Native::MAILBOX_FREE)
    end

    # The next message, or nil when none came within timeout seconds.
    def recv(timeout: 1)
      id = Native.slot
      out = Native.slot
      err = Native.slot
      status = @handle.use { |ptr| Native::MAILBOX_RECV.call(ptr, HMS.ms(timeout), id, out, err) }
      if status == CODES.fetch(:timeout)
        Native.take(err)
        return nil
      end
      Native.check(status, err)
      Message.new(id.unpack1('Q'), JSON.parse(Native.take(out)))
    end

    # Answers message id with a value (or JSON text).
    def reply(id, value)
      err = Native.slot
      @handle.use { |ptr| Native.check(Native::MAILBOX_REPLY.call(ptr, id, Native.cstr(HMS.json(value)), err), err) }
      nil
    end

    # Answers message id with an error of kind (:not_found, ...); :actor_down
    # means the handler crashed and the mailbox's bridge restarts.
    def fail(id, kind, message)
      code = CODES.fetch(kind) { raise ArgumentError, "unknown kind #{kind.inspect}" }
      err = Native.slot
      @handle.use { |ptr| Native.check(Native::MAILBOX_FAIL.call(ptr, id, code, Native.cstr(message), err), err) }
      nil
    end

    # Removes the mailbox from the tree and frees it; idempotent.
    def close(timeout: 30)
      err = Native.slot
      @handle.finish { |ptr| Native.check(Native::MAILBOX_CLOSE.call(ptr, HMS.ms(timeout), err), err) }
      nil
    end
  end
end

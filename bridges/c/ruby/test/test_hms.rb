# frozen_string_literal: true

# HMS from Ruby on an embedded runtime and on a running hmsd (HMS_URL and
# HMS_TOKEN, else target/debug/hmsd started here): calls, errors by kind,
# 4 threads at once with the GVL released, and a mailbox Ruby serves.
require 'minitest/autorun'
require 'tmpdir'
require_relative '../lib/hms'

module Backends
  PLAN = { treatment_plan: [{ medication: 'Azathioprine', dosage: 2.5, unit: 'mg/kg', frequency: 'daily' }] }.freeze
  PATIENT = {
    patient_id: 'R-1', demographics: { age: 34, weight: 70 },
    biomarkers: { genetic_markers: [{ gene: 'TPMT', phenotype: 'poor' }] }
  }.freeze

  def self.daemon
    return [ENV.fetch('HMS_URL'), ENV.fetch('HMS_TOKEN', '')] if ENV['HMS_URL']

    token = 'ruby-test-token'
    bin = ENV.fetch('HMSD') { File.expand_path('../../../../target/debug/hmsd', __dir__) }
    dir = Dir.mktmpdir('hms-ruby')
    io = IO.popen({ 'HMS_TOKEN' => token, 'RUST_LOG' => 'error' },
                  [bin, '--listen', '127.0.0.1:0', '--data-dir', dir])
    line = io.gets.to_s
    url = line[/listening on (http:\S+)/, 1] or raise "hmsd did not start: #{line.inspect}"
    Minitest.after_run do
      Process.kill('TERM', io.pid)
      io.close
    end
    [url, token]
  end

  def self.all
    @all ||= begin
      url, token = daemon
      list = { embedded: HMS::Runtime.start, daemon: HMS::Runtime.connect(url, token: token) }
      Minitest.after_run { list.each_value(&:close) }
      list
    end
  end
end

class TestHMS < Minitest::Test
  include Backends

  def each_backend(&block)
    Backends.all.each { |name, rt| block.call(name, rt) }
  end

  def test_abi_version
    assert_equal HMS::ABI_VERSION, HMS.abi_version
  end

  def test_calls
    each_backend do |name, rt|
      assert_equal({ 'pong' => true }, rt.call('coordinator', { type: 'ping' }), name)
      assert rt.health.dig('root', 'children').any? { |c| c.to_s.include?('prover') }, name
      report = rt.verify_treatment_plan(PLAN, PATIENT)
      assert_equal 'violated', report['status'], name
      thio = report['verdicts'].find { |v| v['property'] == 'thiopurine_pharmacogenomics' }
      assert_equal 'violated', thio['status']
      assert_match(/CPIC/, thio['sources'].first['citation'])
      a = rt.simulate_treatment_outcome(PATIENT, PLAN, n: 1000, seed: 5)
      b = rt.simulate_treatment_outcome(PATIENT, PLAN, n: 1000, seed: 5)
      assert_equal a, b, name
      assert rt.coordinate('list_children', { supervisor: 'root' }).to_s.include?('prover'), name
      assert_nil rt.cast('self_healer', { type: 'monitor_system_health' })
    end
  end

  def test_errors_by_kind
    each_backend do |name, rt|
      e = assert_raises(HMS::NotFoundError, name) { rt.call('no_such_actor', { type: 'ping' }) }
      assert_equal :not_found, e.kind
      bad = { type: 'verify_treatment_plan', plan: { treatment_plan: [{ medication: 'Adalimumab', dosage: [] }] },
              patient: {} }
      e = assert_raises(HMS::ValidationError, name) { rt.call('prover', bad) }
      assert_includes e.message, 'plan.treatment_plan[0].dosage'
      e = assert_raises(HMS::ValidationError, name) { rt.call('prover', '{not json') }
      assert_includes e.message, 'message_json'
      e = assert_raises(HMS::ValidationError, name) { rt.call("prov\xff".b, { type: 'ping' }) }
      assert_includes e.message, 'UTF-8'
      assert_kind_of HMS::Error, e
    end
  end

  # Four threads call at once; each gets its own, identical answer.
  def test_four_threads
    each_backend do |name, rt|
      want = rt.verify_treatment_plan(PLAN, PATIENT)
      results = Array.new(4) do
        Thread.new { Array.new(20) { rt.verify_treatment_plan(PLAN, PATIENT) } }
      end.flat_map(&:value)
      assert_equal 80, results.size
      assert(results.all? { |r| r == want }, name)
    end
  end

  # A native call releases the GVL: Ruby threads run while one waits in the library.
  def test_calls_release_the_gvl
    rt = Backends.all[:embedded]
    mb = rt.open_mailbox('ruby-gvl')
    count = 0
    counter = Thread.new { loop { count += 1 } }
    sleep 0.05
    before = count
    assert_nil mb.recv(timeout: 0.5) # nobody writes: the thread waits 0.5 s in the library
    progressed = count - before
    counter.kill
    mb.close
    assert progressed > 100_000, "only #{progressed} increments while a native call waited"
  end

  # A mailbox a Rust actor (the coordinator, routing) writes to and Ruby answers.
  def test_mailbox
    each_backend do |name, rt|
      mb = rt.open_mailbox('ruby-agent')
      assert_raises(HMS::ValidationError) { rt.open_mailbox('ruby-agent') }
      served = 0
      server = Thread.new do
        loop do
          msg = mb.recv(timeout: 0.2) or next
          served += 1
          case msg.body['op']
          when 'fail' then mb.fail(msg.id, :not_found, 'no such member')
          when 'crash' then mb.fail(msg.id, :actor_down, 'handler crashed')
          else mb.reply(msg.id, { echo: msg.body })
          end
        rescue HMS::ShutdownError
          break
        end
      end
      routed = rt.coordinate('route', { to: 'ruby-agent', message: { op: 'hello', n: 1 } })
      assert_equal({ 'op' => 'hello', 'n' => 1 }, routed.dig('reply', 'echo'), name)
      assert_raises(HMS::NotFoundError) { rt.call('ruby-agent', { op: 'fail' }) }
      assert_raises(HMS::ActorDownError) { rt.call('ruby-agent', { op: 'crash' }) }
      assert_equal({ 'op' => 'again' }, rt.call('ruby-agent', { op: 'again' })['echo'], name)
      mb.close
      server.join(5)
      assert_operator served, :>=, 4
      assert_raises(HMS::ShutdownError) { mb.recv(timeout: 0.01) }
      mb.close
    end
  end

  def test_closed_runtime_and_bad_config
    rt = HMS::Runtime.start
    rt.close
    assert_raises(HMS::ShutdownError) { rt.health }
    rt.close
    e = assert_raises(HMS::ValidationError) { HMS::Runtime.start("[prover]\ncheckers = \"four\"\n") }
    assert_includes e.message, 'prover.checkers'
  end
end
